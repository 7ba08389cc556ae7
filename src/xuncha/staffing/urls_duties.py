"""Pages of a round's duties (authorization, pledges, gifts, evaluations) and of a team
member's own duties. Mounted in the staffing namespace by urls.py."""

from django.urls import path

from xuncha.staffing import views_duties as views

urlpatterns = [
    path("rounds/<int:pk>/duties/", views.round_duties, name="duties"),
    path(
        "rounds/<int:pk>/duties/teams/<int:team_pk>/authorize/",
        views.authorization_issue,
        name="authorization_issue",
    ),
    path(
        "duties/authorizations/<int:pk>/document/",
        views.authorization_download,
        name="authorization_download",
    ),
    path("rounds/<int:pk>/duties/pledges/", views.pledges, name="pledges"),
    path("rounds/<int:pk>/duties/pledges/sign/", views.pledge_sign, name="pledge_sign"),
    path("rounds/<int:pk>/duties/pledges/print/", views.pledge_register, name="pledge_register"),
    path("duties/pledges/<int:pk>/document/", views.pledge_download, name="pledge_download"),
    path("rounds/<int:pk>/duties/gifts/", views.gifts, name="gifts"),
    path("rounds/<int:pk>/duties/gifts/new/", views.gift_declare, name="gift_declare"),
    path("rounds/<int:pk>/duties/evaluations/", views.evaluations, name="evaluations"),
    path(
        "rounds/<int:pk>/duties/evaluations/<int:cadre_pk>/",
        views.evaluation_record,
        name="evaluation_record",
    ),
    path("duties/evaluations/<int:pk>/letter/", views.evaluation_letter, name="evaluation_letter"),
    path("duties/mine/", views.my_duties, name="my_duties"),
    path("duties/mine/<int:pk>/pledge/", views.my_pledge, name="my_pledge"),
    path("duties/mine/<int:pk>/gifts/new/", views.my_gift, name="my_gift"),
]
