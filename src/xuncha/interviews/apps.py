from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "xuncha.interviews"
    verbose_name = _("Interviews")

    def ready(self):
        from xuncha.fieldwork import attachments
        from xuncha.interviews.models import Interview

        # Signed records, notes in the interviewee's own hand, recordings.
        attachments.register("interview", Interview)
