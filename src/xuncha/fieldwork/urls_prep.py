"""Pages before stationing: information requests, the partner side, the target dossier, the
notice and the announcement (included in fieldwork/urls.py, namespace "fieldwork")."""

from django.urls import path

from xuncha.fieldwork import dossier, views_prep

urlpatterns = [
    path("inspections/<int:pk>/requests/", views_prep.requests, name="requests"),
    path("inspections/<int:pk>/requests/new/", views_prep.request_create, name="request_create"),
    path("requests/<int:pk>/", views_prep.request_detail, name="request"),
    path("requests/<int:pk>/edit/", views_prep.request_edit, name="request_edit"),
    path("requests/<int:pk>/send/", views_prep.request_send, name="request_send"),
    path("requests/<int:pk>/withdraw/", views_prep.request_withdraw, name="request_withdraw"),
    path("requests/<int:pk>/answer/", views_prep.request_answer, name="request_answer"),
    path("partner/requests/", views_prep.partner_requests, name="partner_requests"),
    path("partner/requests/<int:pk>/", views_prep.partner_request, name="partner_request"),
    path("partner/files/<int:pk>/", views_prep.partner_attachment, name="partner_attachment"),
    path("inspections/<int:pk>/dossier/", dossier.dossier, name="dossier"),
    path("inspections/<int:pk>/dossier.docx", dossier.dossier_docx, name="dossier_docx"),
    path("inspections/<int:pk>/notice/", views_prep.notice, name="notice"),
    path("inspections/<int:pk>/notice/send/", views_prep.notice_send, name="notice_send"),
    path("inspections/<int:pk>/notice.docx", views_prep.notice_docx, name="notice_docx"),
    path("inspections/<int:pk>/announcement/", views_prep.announcement, name="announcement"),
    path(
        "inspections/<int:pk>/announcement/publish/",
        views_prep.announcement_publish,
        name="announcement_publish",
    ),
    path(
        "inspections/<int:pk>/announcement/withdraw/",
        views_prep.announcement_withdraw,
        name="announcement_withdraw",
    ),
    path(
        "inspections/<int:pk>/announcement.docx",
        views_prep.announcement_docx,
        name="announcement_docx",
    ),
]
