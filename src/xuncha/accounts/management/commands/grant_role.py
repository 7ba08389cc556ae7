"""`xuncha grant_role USERNAME ROLE UNIT_CODE [--only-this-unit]`: grant a role from the
command line, to bootstrap a production installation (the first security administrator, for
instance). The grant goes through the same service as the pages and is audited."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from xuncha.accounts import services
from xuncha.accounts.models import User
from xuncha.accounts.roles import Role, requires_second_factor
from xuncha.orgs.models import Unit


class Command(BaseCommand):
    help = "Grant a role at a unit (and the units below it, unless --only-this-unit)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="One of: " + ", ".join(Role.values))
        parser.add_argument("unit_code", help="The code of the unit where the role applies.")
        parser.add_argument("--only-this-unit", action="store_true",
                            help="The role reaches this unit only, not the units below it.")

    def handle(self, *args, username: str, role: str, unit_code: str, only_this_unit: bool,
               **options):
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}; use one of: {', '.join(Role.values)}.")
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise CommandError(f"No unit with code {unit_code!r}.")
        try:
            services.assign_role(actor=None, user=user, role=role, unit=unit,
                                 include_descendants=not only_this_unit)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        scope = "this unit only" if only_this_unit else "with the units below"
        self.stdout.write(f"{user.username}: {role} at {unit.code} {unit.name} ({scope})")
        if requires_second_factor(role):
            self.stdout.write("This role requires two-factor sign-in; the person enrols an "
                              "authenticator at the next sign-in.")
