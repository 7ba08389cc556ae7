"""Who reaches interview material: the choke point of stationing (`fieldwork.access`) for the
team, the office and those granted; and, for outlines marked sent and nothing else, the
target's liaison (liaison.receive at the target)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import has_capability, role_for, scope_q, signed_in
from xuncha.accounts.roles import Capability
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q
from xuncha.interviews.models import (
    Interview,
    Interviewee,
    InterviewOutline,
    OutlineKind,
    OutlineQuestion,
    QuestionBankItem,
)

C = Capability
_INSPECTION = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__target",
    "inspection__team",
)


def _filter(qs: QuerySet, user, prefix: str = "inspection__", *, write: bool = False):
    q = fieldwork_q(user, prefix, write=write)
    return qs.none() if q is None else qs.filter(q)


def visible_interviewees(user) -> QuerySet[Interviewee]:
    return _filter(
        Interviewee.objects.select_related(*_INSPECTION, "interviewer", "recorder"), user
    )


def get_interviewee_for_user(user, pk: int) -> Interviewee:
    return get_object_or_404(visible_interviewees(user), pk=pk)


def visible_outlines(user) -> QuerySet[InterviewOutline]:
    return _filter(InterviewOutline.objects.select_related(*_INSPECTION, "interviewee"), user)


def get_outline_for_user(user, pk: int) -> InterviewOutline:
    return get_object_or_404(visible_outlines(user), pk=pk)


def visible_questions(user) -> QuerySet[OutlineQuestion]:
    return _filter(
        OutlineQuestion.objects.select_related(
            "outline", *(f"outline__{part}" for part in _INSPECTION), "outline__interviewee"
        ),
        user,
        "outline__inspection__",
    )


def get_question_for_user(user, pk: int) -> OutlineQuestion:
    return get_object_or_404(visible_questions(user), pk=pk)


def visible_interviews(user) -> QuerySet[Interview]:
    """Interview records; listing them shows no record text, so only opening one is audited."""
    return _filter(
        Interview.objects.select_related(*_INSPECTION, "interviewee", "asker", "recorder"),
        user,
    )


def get_interview_for_user(user, pk: int) -> Interview:
    return get_object_or_404(visible_interviews(user), pk=pk)


# --- The target's liaison ----------------------------------------------------------------------


def liaison_outlines(user) -> QuerySet[InterviewOutline]:
    """Individual outlines sent to the units where the user is the liaison."""
    q = scope_q(user, C.LIAISON_RECEIVE, "inspection__target__path")
    qs = InterviewOutline.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__target",
        "interviewee",
    ).filter(kind=OutlineKind.INDIVIDUAL, sent_at__isnull=False)
    return qs.none() if q is None else qs.filter(q)


def get_liaison_outline(user, pk: int) -> InterviewOutline:
    return get_object_or_404(liaison_outlines(user), pk=pk)


def is_liaison(user) -> bool:
    return signed_in(user) and has_capability(user, C.LIAISON_RECEIVE)


def authorize_delivery(actor, outline: InterviewOutline) -> str:
    """Who may record the day an outline reached the person: the liaison of the target for a
    sent outline, or whoever writes the inspection's material."""
    if actor is None:
        return ""
    if outline.sent_at is not None:
        role = role_for(actor, C.LIAISON_RECEIVE, outline.inspection.target.path)
        if role:
            return role
    return authorize_fieldwork(actor, outline.inspection)


# --- The question bank -------------------------------------------------------------------------


def authorize_bank(actor, jurisdiction) -> str:
    """The jurisdiction's own question bank is the office's (fieldwork.edit there)."""
    if actor is None:
        return ""
    role = role_for(actor, C.FIELDWORK_EDIT, jurisdiction.path)
    if role is None:
        raise PermissionDenied
    return role


def may_edit_bank(user, jurisdiction) -> bool:
    return signed_in(user) and role_for(user, C.FIELDWORK_EDIT, jurisdiction.path) is not None


def visible_bank_items(user) -> QuerySet[QuestionBankItem]:
    """A jurisdiction's own questions, seen by the office that keeps them."""
    qs = QuestionBankItem.objects.select_related("jurisdiction")
    q = scope_q(user, C.FIELDWORK_EDIT, "jurisdiction__path")
    return qs.none() if q is None else qs.filter(q)


def get_bank_item_for_user(user, pk: int) -> QuestionBankItem:
    return get_object_or_404(visible_bank_items(user), pk=pk)


# --- Reading -------------------------------------------------------------------------------------


