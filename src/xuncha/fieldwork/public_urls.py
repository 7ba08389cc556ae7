"""The plain public page of an inspection (its published announcement), reachable without an
account. The portal of issue 7 replaces it."""

from django.urls import path

from xuncha.fieldwork import views_public

app_name = "public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("inspections/<int:pk>/", views_public.inspection, name="inspection"),
]
