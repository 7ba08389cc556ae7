from django.urls import path

from xuncha.people import views, views_import, views_records

app_name = "people"
urlpatterns = [
    path("", views.cadres, name="cadres"),
    path("new/", views.cadre_create, name="cadre_create"),
    path("import/", views_import.import_cadres, name="import"),
    path("import/apply/", views_import.import_apply, name="import_apply"),
    path("import/template/", views_import.import_template, name="import_template"),
    path("<int:pk>/", views.cadre_detail, name="cadre"),
    path("<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("<int:pk>/pools/", views.cadre_add_to_pool, name="cadre_add_to_pool"),
    path("<int:pk>/account/", views.cadre_account, name="cadre_account"),
    path("<int:pk>/records/<slug:kind>/new/", views_records.record_add, name="record_add"),
    path("records/<slug:kind>/<int:pk>/edit/", views_records.record_edit, name="record_edit"),
    path("records/<slug:kind>/<int:pk>/remove/", views_records.record_remove, name="record_remove"),
    path("pools/", views.pools, name="pools"),
    path("pools/new/", views.pool_create, name="pool_create"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("pools/<int:pk>/export/", views_import.pool_export, name="pool_export"),
    path("pools/members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("pools/members/<int:pk>/readmit/", views.membership_readmit, name="membership_readmit"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_create, name="team_create"),
]
