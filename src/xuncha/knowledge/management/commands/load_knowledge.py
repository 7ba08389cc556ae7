"""`xuncha load_knowledge --owner UNIT_CODE`: load the reference library (regulations, standard
wording, teaching cases, model reports) into an office's knowledge base. Idempotent: entries the
office has already are left as they are. Audited through the same services as the pages."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xuncha.knowledge.reference import load_reference
from xuncha.orgs.models import Unit


class Command(BaseCommand):
    help = "Load the reference knowledge base into the office of a unit."

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            required=True,
            help="The code of the unit (an inspection office) keeping the entries.",
        )

    def handle(self, *args, owner: str, **options):
        unit = Unit.objects.filter(code=owner).first()
        if unit is None:
            raise CommandError(f"No unit with code {owner!r}.")
        if not unit.is_active:
            raise CommandError(f"The unit {owner} {unit.name} is dissolved.")
        try:
            counts = load_reference(unit, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{unit.code} {unit.name}: {counts['regulations']} regulations, "
            f"{counts['articles']} articles, {counts['wordings']} standard phrasings, "
            f"{counts['cases']} cases, {counts['model_reports']} model reports added."
        )
