"""Pages of the copied-text check, under /materials/."""

from django.urls import path

from xuncha.copycheck import views

app_name = "copycheck"
urlpatterns = [
    path("inspections/<int:pk>/", views.home, name="home"),
    path("inspections/<int:pk>/upload/", views.upload, name="upload"),
    path("inspections/<int:pk>/recheck/", views.recheck, name="recheck"),
    path("<int:pk>/", views.material, name="material"),
    path("<int:pk>/file/", views.material_file, name="material_file"),
    path("<int:pk>/remove/", views.material_remove, name="material_remove"),
    path("matches/<int:pk>/", views.match, name="match"),
    path("liaison/", views.liaison, name="liaison"),
]
