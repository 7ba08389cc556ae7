from django.urls import path

from xuncha.orgs import views

app_name = "people"
urlpatterns = [path("", views.tree, name="cadres")]
