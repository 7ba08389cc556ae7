from django.urls import path

from xuncha.documents import views, views_templates

app_name = "documents"
urlpatterns = [
    # Generated documents.
    path("inspections/<int:pk>/", views.inspection_documents, name="inspection"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/download/", views.document_download, name="document_download"),
    # An office's own templates.
    path("templates/", views_templates.offices, name="offices"),
    path("offices/<int:pk>/templates/", views_templates.templates, name="templates"),
    path("offices/<int:pk>/templates/<str:name>/", views_templates.template, name="template"),
    path(
        "offices/<int:pk>/templates/<str:name>/upload/",
        views_templates.template_upload,
        name="template_upload",
    ),
    path(
        "offices/<int:pk>/templates/<str:name>/file/",
        views_templates.template_file,
        name="template_file",
    ),
    path(
        "offices/<int:pk>/templates/<str:name>/preview/",
        views_templates.template_preview,
        name="template_preview",
    ),
    path("template-versions/<int:pk>/file/", views_templates.version_file, name="version_file"),
    path(
        "template-versions/<int:pk>/activate/",
        views_templates.version_activate,
        name="version_activate",
    ),
    path(
        "template-versions/<int:pk>/deactivate/",
        views_templates.version_deactivate,
        name="version_deactivate",
    ),
    path(
        "template-versions/<int:pk>/preview/",
        views_templates.version_preview,
        name="version_preview",
    ),
]
