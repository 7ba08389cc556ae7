from django.urls import path

from xuncha.fieldwork import views_briefing as v

urlpatterns = [
    path("inspections/<int:pk>/briefing/", v.briefing_page, name="briefing"),
    path("inspections/<int:pk>/briefing/raise/", v.raise_problem, name="raise_problem"),
    path("inspections/<int:pk>/briefing/hold/", v.hold_briefing, name="hold_briefing"),
    path("inspections/<int:pk>/briefing/hand-off/", v.hand_off, name="hand_off"),
    path("inspections/<int:pk>/problem-list/", v.problem_list, name="problem_list"),
    path("inspections/<int:pk>/problem-list.docx", v.problem_list_docx, name="problem_list_docx"),
    path("inspections/<int:pk>/work-logs/", v.work_logs, name="work_logs"),
    path("problems/<int:pk>/", v.problem, name="problem"),
    path("problems/<int:pk>/sources/", v.problem_source, name="problem_source"),
    path("problems/<int:pk>/corroborate/", v.problem_corroborate, name="problem_corroborate"),
    path("problems/<int:pk>/drop/", v.problem_drop, name="problem_drop"),
    path("rounds/<int:pk>/statistics/", v.round_statistics, name="round_statistics"),
]
