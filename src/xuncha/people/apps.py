from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "xuncha.people"
    label = "people"
    verbose_name = "干部与巡察组"
