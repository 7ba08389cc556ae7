from django.urls import path

from xuncha.reports import views, views_edit

app_name = "reports"
urlpatterns = [
    path("inspections/<int:pk>/", views.home, name="home"),
    path("inspections/<int:pk>/create/", views.create, name="create"),
    path("rounds/<int:pk>/", views.round_home, name="round"),
    path("rounds/<int:pk>/create/", views.create_round, name="create_round"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views_edit.edit, name="edit"),
    path("<int:pk>/reassemble/", views_edit.reassemble, name="reassemble"),
    path("<int:pk>/submit/", views_edit.submit, name="submit"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("<int:pk>/download/<str:fmt>/", views.download, name="download"),
    path("steps/<int:pk>/", views_edit.step, name="step"),
]
