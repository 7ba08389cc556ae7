from django.urls import path

from xuncha.people import views

app_name = "people"
urlpatterns = [
    path("", views.cadres, name="cadres"),
    path("new/", views.cadre_create, name="cadre_create"),
    path("<int:pk>/", views.cadre_detail, name="cadre"),
    path("<int:pk>/edit/", views.cadre_edit, name="cadre_edit"),
    path("<int:pk>/pools/", views.cadre_add_to_pool, name="cadre_add_to_pool"),
    path("pools/", views.pools, name="pools"),
    path("pools/new/", views.pool_create, name="pool_create"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_create, name="team_create"),
]
