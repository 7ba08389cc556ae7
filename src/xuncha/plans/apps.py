from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "xuncha.plans"
    label = "plans"
    verbose_name = "巡察规划与轮次"
