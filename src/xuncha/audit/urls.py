from django.urls import path

from xuncha.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("verify/", views.verify, name="verify"),
]
