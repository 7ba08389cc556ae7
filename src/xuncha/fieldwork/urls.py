from django.urls import path

from xuncha.fieldwork import urls_briefing, urls_prep, urls_records, views, views_attachments

app_name = "fieldwork"
urlpatterns = [
    path("", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/grants/", views.grant, name="grant"),
    path("grants/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("files/<slug:key>/<int:object_id>/", views_attachments.attach, name="attach"),
    path("files/<int:pk>/", views_attachments.download, name="attachment"),
    path("files/<int:pk>/remove/", views_attachments.remove, name="attachment_remove"),
    *urls_prep.urlpatterns,
    *urls_records.urlpatterns,
    *urls_briefing.urlpatterns,
]
