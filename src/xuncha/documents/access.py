"""Who reaches generated documents and offices' templates. Nothing else decides it.

A generated document of an inspection is stationing material: it is seen by whoever reaches
the inspection's material (`fieldwork_q`: the team, the office, those granted) — except that a
document about a lead, or a leads report, is seen only by those who may see that lead or every
lead of the inspection (`leads.access`), so nobody else learns from the list that it exists.
A preview of a template (no inspection) is seen by those who manage the office's templates.

Offices' templates are managed with `template.manage` over the office's unit.
"""

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import authorize, restrict, role_for, signed_in
from xuncha.accounts.roles import Capability
from xuncha.documents.models import DocumentTemplate, GeneratedDocument
from xuncha.fieldwork.access import fieldwork_q, reader_role
from xuncha.orgs.models import Unit

C = Capability
# What a template preview is generated about: an office's version, or the office's unit when
# the shipped template is previewed.
PREVIEW_TYPES = ("documents.documenttemplate", "orgs.unit")
LEAD_TYPE = "leads.lead"
REPORT_TYPE = "reports.report"


def _ids(qs) -> QuerySet:
    return qs.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def _lead_documents_q(user, inspection=None) -> Q:
    """Documents about leads the user may not see, as a Q to exclude: any "leads.*" record
    not reachable through the lead choke point, and leads reports unless the user may see
    every lead of the inspection."""
    from xuncha.leads.access import lead_q, may_see_all_leads
    from xuncha.leads.models import Lead
    from xuncha.reports.models import Report, ReportKind

    sensitive = Q(object_type__startswith="leads.") | Q(
        object_type=REPORT_TYPE, object_id__in=_ids(Report.objects.filter(kind=ReportKind.LEADS))
    )
    if inspection is not None and may_see_all_leads(user, inspection):
        return Q(pk__in=[])
    seen = lead_q(user)
    allowed = Q(pk__in=[])
    if seen is not None:
        visible = Lead.objects.filter(seen)
        if inspection is not None:
            visible = visible.filter(inspection=inspection)
        allowed = Q(object_type=LEAD_TYPE, object_id__in=_ids(visible))
    return sensitive & ~allowed


def documents_of_inspection(user, inspection) -> QuerySet[GeneratedDocument]:
    """The generated documents of an inspection the user may see (the inspection itself
    reached through `fieldwork.access`)."""
    q = fieldwork_q(user, "inspection__")
    qs = GeneratedDocument.objects.filter(inspection=inspection).select_related(
        "generated_by", "inspection"
    )
    if q is None:
        return qs.none()
    return qs.filter(q).exclude(_lead_documents_q(user, inspection))


def may_see_document(user, document: GeneratedDocument) -> bool:
    """Whether the user may see one generated document."""
    if not signed_in(user):
        return False
    if document.inspection_id is None:
        return (
            document.object_type in PREVIEW_TYPES
            and document.unit is not None
            and role_for(user, C.TEMPLATE_MANAGE, document.unit.path) is not None
        )
    q = fieldwork_q(user, "inspection__")
    if q is None:
        return False
    return (
        GeneratedDocument.objects.filter(pk=document.pk)
        .filter(q)
        .exclude(_lead_documents_q(user, document.inspection))
        .exists()
    )


def document_reader_role(user, document: GeneratedDocument) -> str:
    """How the reader reaches the document, for the audit trail of a download."""
    if document.inspection_id:
        return reader_role(user, document.inspection)
    return role_for(user, C.TEMPLATE_MANAGE, document.unit.path) or ""


def get_document_for_user(user, pk: int) -> GeneratedDocument:
    """The document, or 404 alike for 'does not exist' and 'not yours'."""
    document = get_object_or_404(
        GeneratedDocument.objects.select_related(
            "inspection",
            "inspection__round",
            "inspection__round__jurisdiction",
            "inspection__target",
            "inspection__team",
            "unit",
            "generated_by",
        ),
        pk=pk,
    )
    if not may_see_document(user, document):
        raise Http404
    return document


# --- Offices' templates ---------------------------------------------------------------------


def template_offices(user) -> QuerySet[Unit]:
    """The offices (units with an inspection office) whose templates the user manages."""
    return restrict(
        Unit.objects.filter(has_office=True, is_active=True), user, C.TEMPLATE_MANAGE, "path"
    )


def get_office_for_user(user, pk: int) -> Unit:
    return get_object_or_404(template_offices(user), pk=pk)


def visible_template_versions(user) -> QuerySet[DocumentTemplate]:
    return restrict(
        DocumentTemplate.objects.select_related("unit", "uploaded_by"),
        user,
        C.TEMPLATE_MANAGE,
        "unit__path",
    )


def get_template_version_for_user(user, pk: int) -> DocumentTemplate:
    return get_object_or_404(visible_template_versions(user), pk=pk)


def authorize_templates(actor, unit: Unit) -> str:
    """For services that change an office's templates; returns the role for the audit."""
    return authorize(actor, C.TEMPLATE_MANAGE, unit.path)
