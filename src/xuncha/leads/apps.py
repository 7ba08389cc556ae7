from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "xuncha.leads"
    verbose_name = _("Problem leads")

    def ready(self):
        from xuncha.audit.services import conceal
        from xuncha.leads import models as m

        # Case text stays out of the audit trail, which the security auditor reads: what a
        # lead says, who it names, where it comes from, and what was searched for.
        conceal(
            m.Lead, "content", "assessment", "subjects", "sources", "withdrawn_reason", "query", "q"
        )
        conceal(m.LeadSubject, "name", "post", "cadre_level")
        conceal(m.LeadSource, "label", "note")
        conceal(m.LeadHandover, "reason", "decision_comment")
