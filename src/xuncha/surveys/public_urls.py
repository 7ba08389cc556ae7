"""Pages answered without an account (one-time survey links)."""

from django.urls import path

from xuncha.surveys import views_public

app_name = "survey_public"
urlpatterns = [
    path("thanks/", views_public.thanks, name="thanks"),
    path("<slug:token>/", views_public.answer, name="answer"),
]
