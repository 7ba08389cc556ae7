from django.urls import path

from xuncha.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("suggest/", views.suggest, name="suggest"),
    path("import/", views.import_units, name="import"),
    path("import/apply/", views.import_apply, name="import_apply"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/new/", views.create_child, name="create_child"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/leaders/new/", views.leader_add, name="leader_add"),
    path("leaders/<int:pk>/edit/", views.leader_edit, name="leader_edit"),
    path("leaders/<int:pk>/remove/", views.leader_remove, name="leader_remove"),
]
