from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "xuncha.findings"
    verbose_name = _("Findings")

    def ready(self):
        from xuncha.audit.services import conceal
        from xuncha.fieldwork import attachments
        from xuncha.findings import models as m

        # Case text stays out of the audit trail, which the security auditor reads: the trail
        # keeps that a field changed and how long it was, never the words.
        conceal(
            m.Finding,
            "title",
            "basis",
            "facts",
            "cause",
            "harm",
            "suggestion",
            "amount",
            "responsible_person",
            "responsible_post",
            "comment",
            "evidence_added",
            "evidence_removed",
            "person",
            "post",
            "reasoning",
            "departure_reason",
            "experience_reason",
            "exploration_reason",
            "purpose_reason",
        )
        conceal(m.ImmediateFix, "requirement", "reply", "title")

        attachments.register("finding", m.Finding)
        attachments.register("immediate_fix", m.ImmediateFix, "finding__inspection")
