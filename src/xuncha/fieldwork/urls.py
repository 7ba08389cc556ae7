from django.urls import path

from xuncha.fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/grants/", views.grant, name="grant"),
    path("grants/<int:pk>/revoke/", views.revoke, name="revoke"),
]
