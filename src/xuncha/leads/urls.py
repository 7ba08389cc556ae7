from django.urls import path

from xuncha.leads import views, views_access, views_lead

app_name = "leads"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("approvals/", views.approvals, name="approvals"),
    path("inspections/<int:pk>/", views.home, name="home"),
    path("inspections/<int:pk>/new/", views.create, name="create"),
    path("inspections/<int:pk>/registered/", views.registered, name="registered"),
    path("inspections/<int:pk>/export/", views.export, name="export"),
    path("inspections/<int:pk>/grants/", views_access.grants, name="grants"),
    path("inspections/<int:pk>/grants/new/", views_access.grant, name="grant"),
    path("grants/<int:pk>/revoke/", views_access.revoke, name="revoke"),
    path("<int:pk>/", views_lead.detail, name="detail"),
    path("<int:pk>/edit/", views_lead.edit, name="edit"),
    path("<int:pk>/assess/", views_lead.assess, name="assess"),
    path("<int:pk>/finding/", views_lead.link_finding, name="link_finding"),
    path("<int:pk>/withdraw/", views_lead.withdraw, name="withdraw"),
    path("<int:pk>/word/", views_lead.word, name="word"),
    path("<int:pk>/handover/", views_access.handover_request, name="handover_request"),
    path("handovers/<int:pk>/decide/", views_access.handover_decide, name="handover_decide"),
    path("handovers/<int:pk>/record/", views_access.handover_record, name="handover_record"),
]
