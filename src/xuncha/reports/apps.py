from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "xuncha.reports"
    verbose_name = _("Reports")

    def ready(self):
        from xuncha.audit.services import conceal
        from xuncha.reports import models as m

        # Report text and the bodies' opinions stay out of the audit trail.
        conceal(m.ReportVersion, "sections", "note")
        conceal(m.ApprovalStep, "opinion")
        conceal(m.ItemDecision, "note")
