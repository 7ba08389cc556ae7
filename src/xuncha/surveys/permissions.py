"""Who reaches surveys and the question bank.

Surveys are stationing material: read through `fieldwork.access.fieldwork_q` (the team, the
office, those the office grants), written through `authorize_fieldwork` in the services. The
public answer page reaches one survey only through a valid token (`distribution`).

An office's own bank items belong to its jurisdiction: the office (fieldwork.view there) and
the members of teams in the jurisdiction's rounds read them; only the office (fieldwork.edit)
changes them.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import fieldwork_q
from xuncha.orgs.models import Unit
from xuncha.staffing.models import TeamMember
from xuncha.surveys.models import BankQuestion, Survey

C = Capability


def visible_surveys(user, *, write: bool = False) -> QuerySet[Survey]:
    q = fieldwork_q(user, "inspection__", write=write)
    qs = Survey.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__team",
        "inspection__target",
    )
    return qs.none() if q is None else qs.filter(q)


def get_survey_for_user(user, pk: int, *, write: bool = False) -> Survey:
    """The survey, or 404 alike for 'does not exist' and 'not yours'."""
    return get_object_or_404(visible_surveys(user, write=write), pk=pk)


def _bank_q(user, capability: Capability) -> Q | None:
    if not signed_in(user):
        return None
    q = Q(
        Exists(
            TeamMember.objects.filter(
                round__jurisdiction=OuterRef("jurisdiction"), cadre__user=user
            )
        )
    )
    office = scope_q(user, capability, "jurisdiction__path")
    return q | office if office is not None else q


def may_use_bank(user) -> bool:
    """Whether the bank page is for this person at all: the office anywhere, or a seat on a
    team in any round."""
    if not signed_in(user):
        return False
    return (
        scope_q(user, C.FIELDWORK_VIEW) is not None
        or TeamMember.objects.filter(cadre__user=user).exists()
    )


def visible_bank_questions(user) -> QuerySet[BankQuestion]:
    q = _bank_q(user, C.FIELDWORK_VIEW)
    qs = BankQuestion.objects.select_related("jurisdiction")
    return qs.none() if q is None else qs.filter(q)


def get_bank_question_for_user(user, pk: int) -> BankQuestion:
    return get_object_or_404(visible_bank_questions(user), pk=pk)


def may_edit_bank(user, jurisdiction: Unit) -> bool:
    return signed_in(user) and role_for(user, C.FIELDWORK_EDIT, jurisdiction.path) is not None


def bank_jurisdictions(user) -> QuerySet[Unit]:
    """The offices whose bank the user may add to."""
    q = scope_q(user, C.FIELDWORK_EDIT, "path") if signed_in(user) else None
    if q is None:
        return Unit.objects.none()
    return Unit.objects.filter(q, has_office=True, is_active=True).order_by("path")
