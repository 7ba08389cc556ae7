from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "xuncha.petitions"
    verbose_name = _("Letters, calls and visits")

    def ready(self):
        from xuncha.fieldwork import attachments
        from xuncha.petitions.access import may_see_identity
        from xuncha.petitions.models import Petition

        # Letters and recordings carry the reporter's name: only those who may see the
        # identity open a petition's files.
        attachments.register("petition", Petition, "inspection", may_view=may_see_identity)
