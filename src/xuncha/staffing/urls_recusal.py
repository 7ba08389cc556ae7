"""URLs of the recusal pages (namespace "staffing", see staffing/urls.py)."""

from django.urls import path

from xuncha.staffing import views_recusal as views

urlpatterns = [
    path("rounds/<int:round_pk>/recusals/", views.round_recusals, name="round_recusals"),
    path(
        "rounds/<int:round_pk>/recusals/scan/",
        views.round_recusal_scan,
        name="round_recusal_scan",
    ),
    path(
        "rounds/<int:round_pk>/recusals/object/",
        views.round_recusal_object,
        name="round_recusal_object",
    ),
    path("recusals/check/", views.recusal_check, name="recusal_check"),
    path("recusals/mine/", views.my_recusals, name="my_recusals"),
    path("recusals/mine/declare/", views.my_recusal_declare, name="my_recusal_declare"),
    path("recusals/<int:pk>/", views.recusal_detail, name="recusal"),
    path("recusals/<int:pk>/decide/", views.recusal_decide, name="recusal_decide"),
    path("recusals/<int:pk>/reopen/", views.recusal_reopen, name="recusal_reopen"),
    path(
        "cadres/<int:pk>/recusals/declare/",
        views.cadre_recusal_declare,
        name="cadre_recusal_declare",
    ),
]
