from django.urls import path

from xuncha.petitions import views, views_actions

app_name = "petitions"
urlpatterns = [
    path("inspections/<int:pk>/", views.home, name="home"),
    path("inspections/<int:pk>/new/", views.create, name="create"),
    path("inspections/<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/assess/", views_actions.assess, name="assess"),
    path("<int:pk>/take-up/", views_actions.take_up, name="take_up"),
    path("<int:pk>/forward/", views_actions.forward, name="forward"),
    path("<int:pk>/close/", views_actions.close, name="close"),
    path("<int:pk>/identity/", views_actions.identity, name="identity"),
    path("<int:pk>/identity/edit/", views_actions.identity_edit, name="identity_edit"),
]
