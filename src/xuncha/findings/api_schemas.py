"""Schemas of the findings API."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from xuncha.fieldwork.models import SourceKind
from xuncha.findings.models import (
    ConductJudgment,
    Discipline,
    Disposition,
    Distinction,
    EightRules,
    Finding,
    NatureDepth,
    NatureOrigin,
    NaturePrinciple,
    ResponsibleKind,
    Scope,
    WorkStyle,
)


class FindingOut(Schema):
    id: int
    inspection_id: int
    number: int
    title: str
    status: Finding.Status
    focus_area_id: int | None
    basis: str
    facts: str
    cause: str
    harm: str
    suggestion: str
    amount: Decimal | None
    regulation_ids: list[int]
    responsible_kind: str
    responsible_unit_id: int | None
    responsible_person: str
    responsible_post: str
    discipline: str
    work_style: str
    eight_rules: str
    nature_depth: str
    nature_principle: str
    nature_origin: str
    scope: str
    source_method: str
    is_conduct: bool
    disposition: str
    receiver_id: int | None
    wording_id: int | None
    drafter_id: int
    draft_problem_id: int | None
    confirmed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_regulation_ids(obj) -> list[int]:
        return sorted(a.pk for a in obj.regulations.all())


class EvidenceOut(Schema):
    id: int
    kind: str
    label: str
    note: str
    record: str | None = None
    added_by_id: int | None
    added_at: datetime

    @staticmethod
    def resolve_record(obj) -> str | None:
        return f"{obj.content_type_id}:{obj.object_id}" if obj.content_type_id else None


class ReviewOut(Schema):
    step: str
    reviewer_id: int
    role: str
    comment: str
    from_status: str
    to_status: str
    at: datetime


class JudgmentOut(Schema):
    person: str
    post: str
    experience: str
    experience_reason: str
    exploration: str
    exploration_reason: str
    purpose: str
    purpose_reason: str
    judgment: str
    outcome: str
    reasoning: str
    departure_reason: str
    judged_by_id: int
    judged_at: datetime


class FixOut(Schema):
    id: int
    finding_id: int
    letter_number: str
    requirement: str
    due_on: date
    status: str
    overdue: bool
    sent_at: datetime | None
    reply: str
    replied_at: datetime | None
    accepted_at: datetime | None
    reply_file_ids: list[int]


class FindingDetail(FindingOut):
    """One paper with its evidence, sign-off steps, judgment and immediate fix; the API view
    sets the `api_*` attributes (see findings.api._detail)."""

    preparer_ids: list[int]
    evidence: list[EvidenceOut]
    reviews: list[ReviewOut]
    judgment: JudgmentOut | None
    judgment_text: str
    immediate_fix: FixOut | None
    actions: dict[str, bool]

    @staticmethod
    def resolve_preparer_ids(obj) -> list[int]:
        return obj.api_preparer_ids

    @staticmethod
    def resolve_evidence(obj) -> list:
        return obj.api_evidence

    @staticmethod
    def resolve_reviews(obj) -> list:
        return list(obj.reviews.order_by("at", "id"))

    @staticmethod
    def resolve_judgment(obj):
        return obj.api_judgment

    @staticmethod
    def resolve_judgment_text(obj) -> str:
        return obj.api_judgment_text

    @staticmethod
    def resolve_immediate_fix(obj):
        return obj.api_fix

    @staticmethod
    def resolve_actions(obj) -> dict:
        return obj.api_actions


class FindingFilter(Schema):
    status: Finding.Status | None = None
    focus_area_id: int | None = None
    discipline: Discipline | None = None
    disposition: Disposition | None = None
    scope: Scope | None = None


class FindingPatch(Schema):
    """Fields of a working paper; only those sent change (create needs `title`)."""

    title: str | None = Field(None, max_length=300)
    focus_area_id: int | None = None
    basis: str | None = Field(None, max_length=20000)
    facts: str | None = Field(None, max_length=50000)
    cause: str | None = Field(None, max_length=20000)
    harm: str | None = Field(None, max_length=20000)
    suggestion: str | None = Field(None, max_length=20000)
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    regulation_ids: list[int] | None = None
    responsible_kind: ResponsibleKind | None = None
    responsible_unit_id: int | None = None
    responsible_person: str | None = Field(None, max_length=100)
    responsible_post: str | None = Field(None, max_length=200)
    discipline: Discipline | None = None
    work_style: WorkStyle | None = None
    eight_rules: EightRules | None = None
    nature_depth: NatureDepth | None = None
    nature_principle: NaturePrinciple | None = None
    nature_origin: NatureOrigin | None = None
    scope: Scope | None = None
    source_method: SourceKind | None = None
    is_conduct: bool | None = None
    disposition: Disposition | None = None
    receiver_id: int | None = None
    wording_id: int | None = None


class FindingIn(FindingPatch):
    title: str = Field(..., max_length=300)


class EvidenceIn(Schema):
    record: str | None = Field(
        None, description="A record token 'content type id:record id' from /records."
    )
    kind: SourceKind = SourceKind.OTHER
    label: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)


class CommentIn(Schema):
    comment: str = Field("", max_length=4000)


class JudgmentIn(Schema):
    person: str = Field("", max_length=100)
    post: str = Field("", max_length=200)
    experience: Distinction
    experience_reason: str = Field("", max_length=4000)
    exploration: Distinction
    exploration_reason: str = Field("", max_length=4000)
    purpose: Distinction
    purpose_reason: str = Field("", max_length=4000)
    judgment: ConductJudgment.Judgment
    outcome: ConductJudgment.Outcome
    reasoning: str = Field("", max_length=10000)
    departure_reason: str = Field("", max_length=10000)


class FixIn(Schema):
    requirement: str = Field(..., max_length=10000)
    due_on: date | None = None
    letter_number: str = Field("", max_length=60)


class ReplyIn(Schema):
    reply: str = Field(..., max_length=10000)


class RecordOut(Schema):
    kind: str
    label: str
    url: str
    token: str


class LiaisonFixOut(Schema):
    """What the unit may know of an immediate fix: never the facts, basis or anything else of
    the working paper."""

    id: int
    team: str
    letter_number: str
    title: str
    requirement: str
    due_on: date
    status: str
    overdue: bool
    reply: str
    replied_at: datetime | None
    reply_file_ids: list[int]
