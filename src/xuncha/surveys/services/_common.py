"""Pieces shared by the survey services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.plans.models import Inspection
from xuncha.surveys.models import Survey

SURVEY_FIELDS = ("title", "intro", "status", "paper_forms_issued")


def actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def load_inspection(inspection_id: int) -> Inspection:
    return Inspection.objects.select_related("round", "round__jurisdiction", "team", "target").get(
        pk=inspection_id
    )


def lock_survey(survey: Survey, actor) -> tuple[Survey, str]:
    """Check the actor against the survey's inspection, then lock the survey row for the rest
    of the transaction (every change to a survey and its versions goes through this lock)."""
    inspection = load_inspection(survey.inspection_id)
    role = authorize_fieldwork(actor, inspection)
    locked = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
    locked.inspection = inspection
    return locked, role


def refuse_closed(survey: Survey) -> None:
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("The survey is closed; it can no longer be changed."))
