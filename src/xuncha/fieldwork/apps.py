from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "xuncha.fieldwork"
    verbose_name = _("Stationing")

    def ready(self):
        from xuncha.fieldwork import attachments
        from xuncha.fieldwork import models as m

        attachments.register("meeting", m.Meeting)
        attachments.register("information_request", m.InformationRequest)
        attachments.register("requested_document", m.RequestedDocument, "request__inspection")
        attachments.register("field_visit", m.FieldVisit)
        attachments.register("personal_matters_check", m.PersonalMattersCheck)
        attachments.register("special_check", m.SpecialCheck)
        attachments.register("notice", m.Notice)
