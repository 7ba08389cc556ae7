"""Every write of the knowledge base: regulations, typical cases, standard wording and model
reports (articles: services_articles).

Each service authorizes first inside its transaction (`authorize_knowledge`: knowledge.edit over
the entry's owner, and over the new owner when it moves), validates with `full_clean`, refreshes
`search_text`, and records a KNOWLEDGE_CHANGED event in the same transaction.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.findings.models import Discipline, WorkStyle
from xuncha.knowledge.access import authorize_knowledge, visible_articles
from xuncha.knowledge.indexing import article_text, index
from xuncha.knowledge.models import Article, Case, ModelReport, Regulation, Wording
from xuncha.orgs.models import Unit
from xuncha.reports.models import ReportKind

REGULATION_FIELDS = (
    "title",
    "level",
    "issuer",
    "document_number",
    "effective_on",
    "repealed_on",
    "summary",
)
CASE_FIELDS = ("title", "focus", "discipline", "summary", "handling", "lesson", "occurred_on")
WORDING_FIELDS = ("focus", "discipline", "work_style", "text", "basis", "keywords")
MODEL_REPORT_FIELDS = ("title", "kind", "note", "text")


def account(actor):
    return actor if getattr(actor, "pk", None) else None


def clean_value(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _only(fields: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return {k: clean_value(v) for k, v in fields.items()}


def _check_choices(obj) -> None:
    """The fields that hold another app's choices (kept as plain text in the model)."""
    errors = {}
    if getattr(obj, "discipline", "") and obj.discipline not in Discipline.values:
        errors["discipline"] = _("Choose one of the six disciplines.")
    if getattr(obj, "work_style", "") and obj.work_style not in WorkStyle.values:
        errors["work_style"] = _("Choose one of the four work-style problems.")
    if isinstance(obj, ModelReport) and obj.kind not in ReportKind.values:
        errors["kind"] = _("Choose a kind of report.")
    if (
        isinstance(obj, Regulation)
        and obj.effective_on
        and obj.repealed_on
        and (obj.repealed_on < obj.effective_on)
    ):
        errors["repealed_on"] = _("A regulation cannot be repealed before it came into force.")
    if errors:
        raise ValidationError(errors)


def _validate(obj) -> None:
    _check_choices(obj)
    obj.full_clean(exclude=["search_text"])


def _owner_of(obj) -> Unit:
    return obj.regulation.owner if isinstance(obj, Article) else obj.owner


def _created(obj, fields: tuple[str, ...]) -> dict:
    changes = snapshot(obj, ("owner", *fields))
    return {k: [None, v] for k, v in changes.items() if v not in (None, "")}


def _create(model, allowed, *, actor, owner: Unit, extra_changes=None, **fields):
    fields = _only(fields, allowed)
    with transaction.atomic():
        role = authorize_knowledge(actor, owner)
        obj = model(owner=owner, updated_by=account(actor), **fields)
        index(obj)
        _validate(obj)
        obj.save()
        changes = _created(obj, allowed)
        changes.update(extra_changes or {})
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=owner,
            obj=obj,
            changes=changes,
        )
    return obj


def _update(obj, allowed, *, actor, owner: Unit | None = None, reason: str = "", **fields):
    """Change an entry; moving it to another owner needs knowledge.edit over both."""
    fields = _only(fields, allowed)
    with transaction.atomic():
        obj = (
            type(obj).objects.select_for_update(of=("self",)).select_related("owner").get(pk=obj.pk)
        )
        role = authorize_knowledge(actor, obj.owner)
        names = tuple(fields) + (("owner",) if owner is not None else ())
        before = snapshot(obj, names)
        if owner is not None and owner.pk != obj.owner_id:
            authorize_knowledge(actor, owner)
            obj.owner = owner
        for name, value in fields.items():
            setattr(obj, name, value)
        index(obj)
        _validate(obj)
        changes = diff(before, snapshot(obj, names))
        if not changes:
            return obj
        obj.updated_by = account(actor)
        obj.save()
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=obj.owner,
            obj=obj,
            changes=changes,
            reason=reason,
        )
    return obj


# --- Regulations ---------------------------------------------------------------------------------


def create_regulation(*, actor, owner: Unit, title: str, level: str, **fields) -> Regulation:
    """Add a regulation (its articles come one by one or from the pasted full text)."""
    return _create(
        Regulation, REGULATION_FIELDS, actor=actor, owner=owner, title=title, level=level, **fields
    )


def update_regulation(
    regulation: Regulation, *, actor, owner: Unit | None = None, **fields
) -> Regulation:
    """Change a regulation's particulars; a new title is carried into its articles' index."""
    with transaction.atomic():
        old_title = regulation.title
        regulation = _update(regulation, REGULATION_FIELDS, actor=actor, owner=owner, **fields)
        if regulation.title != old_title:
            for article in Article.objects.filter(regulation=regulation):
                Article.objects.filter(pk=article.pk).update(
                    search_text=article_text(article, regulation.title)
                )
    return regulation


# --- Typical cases -------------------------------------------------------------------------------


def _articles(actor, articles) -> list[Article]:
    """The linked articles, each one the actor may see (a case may cite any article its office
    reads, an upper office's regulation included)."""
    articles = list(articles)
    if actor is not None and articles:
        seen = set(
            visible_articles(actor)
            .filter(pk__in=[a.pk for a in articles])
            .values_list("pk", flat=True)
        )
        if any(a.pk not in seen for a in articles):
            raise ValidationError({"articles": _("An article chosen is not available to you.")})
    return articles


def create_case(*, actor, owner: Unit, title: str, summary: str, articles=(), **fields) -> Case:
    """Add a typical case (典型案例) for teaching and comparison."""
    with transaction.atomic():
        authorize_knowledge(actor, owner)
        linked = _articles(actor, articles)
        case = _create(
            Case,
            CASE_FIELDS,
            actor=actor,
            owner=owner,
            title=title,
            summary=summary,
            extra_changes={"articles": [None, sorted(a.pk for a in linked)]} if linked else None,
            **fields,
        )
        case.articles.set(linked)
    return case


def update_case(case: Case, *, actor, owner: Unit | None = None, articles=None, **fields) -> Case:
    """Change a case; `articles` (when given) replaces the linked articles."""
    with transaction.atomic():
        before = sorted(case.articles.values_list("pk", flat=True))
        case = _update(case, CASE_FIELDS, actor=actor, owner=owner, **fields)
        if articles is not None:
            linked = _articles(actor, articles)
            after = sorted(a.pk for a in linked)
            if after != before:
                role = authorize_knowledge(actor, case.owner)
                case.articles.set(linked)
                record(
                    EventType.KNOWLEDGE_CHANGED,
                    actor=actor,
                    role=role,
                    unit=case.owner,
                    obj=case,
                    changes={"articles": [before, after]},
                )
    return case


# --- Standard wording ----------------------------------------------------------------------------


def create_wording(*, actor, owner: Unit, focus: str, text: str, **fields) -> Wording:
    """Add a standard phrasing of a common problem (巡言巡语)."""
    return _create(
        Wording, WORDING_FIELDS, actor=actor, owner=owner, focus=focus, text=text, **fields
    )


def update_wording(wording: Wording, *, actor, owner: Unit | None = None, **fields) -> Wording:
    return _update(wording, WORDING_FIELDS, actor=actor, owner=owner, **fields)


def set_wording_active(wording: Wording, *, actor, active: bool, reason: str = "") -> Wording:
    """Take a phrasing out of the suggestions (or back); findings that used it keep the link."""
    with transaction.atomic():
        wording = (
            Wording.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=wording.pk)
        )
        role = authorize_knowledge(actor, wording.owner)
        if wording.is_active == active:
            raise ValidationError(
                _("The phrasing is in use already.")
                if active
                else _("The phrasing is out of use already.")
            )
        Wording.objects.filter(pk=wording.pk).update(
            is_active=active, updated_by=account(actor), updated_at=timezone.now()
        )
        wording.is_active = active
        record(
            EventType.KNOWLEDGE_CHANGED,
            actor=actor,
            role=role,
            unit=wording.owner,
            obj=wording,
            changes={"is_active": [not active, active]},
            reason=(reason or "").strip(),
        )
    return wording


# --- Model reports -------------------------------------------------------------------------------


def create_model_report(
    *, actor, owner: Unit, title: str, kind: str, text: str, **fields
) -> ModelReport:
    """Add a model report (范文) offered as an example when drafting."""
    return _create(
        ModelReport,
        MODEL_REPORT_FIELDS,
        actor=actor,
        owner=owner,
        title=title,
        kind=kind,
        text=text,
        **fields,
    )


def update_model_report(
    report: ModelReport, *, actor, owner: Unit | None = None, **fields
) -> ModelReport:
    return _update(report, MODEL_REPORT_FIELDS, actor=actor, owner=owner, **fields)


def field_names(model: type[models.Model]) -> tuple[str, ...]:
    return {
        Regulation: REGULATION_FIELDS,
        Case: CASE_FIELDS,
        Wording: WORDING_FIELDS,
        ModelReport: MODEL_REPORT_FIELDS,
    }[model]
