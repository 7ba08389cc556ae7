from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopycheckConfig(AppConfig):
    name = "xuncha.copycheck"
    verbose_name = _("Copied-text check")

    def ready(self):
        from xuncha.audit.services import conceal
        from xuncha.copycheck import models as m

        # A self-criticism's text is case material: it stays out of the audit trail.
        conceal(m.UnitMaterial, "text", "normalized")
        conceal(m.CopyMatch, "passages")
