from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "xuncha.surveys"
    verbose_name = _("Questionnaires and appraisals")
