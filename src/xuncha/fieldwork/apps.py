from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    verbose_name = _("Stationing")

    def ready(self):
        from xuncha.audit.services import conceal
        from xuncha.fieldwork import attachments
        from xuncha.fieldwork import models as m

        # Case text stays out of the audit trail, which the security auditor reads.
        conceal(m.Meeting, "participants", "minutes")
        conceal(m.FieldVisit, "purpose", "findings")
        conceal(m.PersonalMattersCheck, "person", "items_checked", "discrepancies")
        conceal(m.SpecialCheck, "scope", "findings")
        conceal(m.RequestedDocument, "findings", "return_reason")
        conceal(m.InformationRequest, "questions", "answer")
        conceal(m.DraftProblem, "summary", "detail", "drop_reason", "sources", "source_added")

        attachments.register("meeting", m.Meeting)
        attachments.register("information_request", m.InformationRequest)
        attachments.register("requested_document", m.RequestedDocument, "request__inspection")
        attachments.register("field_visit", m.FieldVisit)
        attachments.register("personal_matters_check", m.PersonalMattersCheck)
        attachments.register("special_check", m.SpecialCheck)
        attachments.register("notice", m.Notice)
