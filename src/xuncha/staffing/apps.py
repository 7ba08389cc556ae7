from django.apps import AppConfig


class StaffingConfig(AppConfig):
    name = "xuncha.staffing"
    label = "staffing"
    verbose_name = "巡察组组建与回避"
