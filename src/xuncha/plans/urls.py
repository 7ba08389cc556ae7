from django.urls import path

from xuncha.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.home, name="home"),
    path("settings/<int:pk>/", views.settings, name="settings"),
    # Terms, coverage plans, annual plans
    path("terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/", views.term_detail, name="term"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("terms/<int:pk>/generate/", views.coverage_generate, name="coverage_generate"),
    path("terms/<int:pk>/years/", views.coverage_years, name="coverage_years"),
    path("terms/<int:pk>/entries/", views.coverage_add, name="coverage_add"),
    path("terms/<int:pk>/submit/", views.coverage_submit, name="coverage_submit"),
    path("terms/<int:pk>/approve/", views.coverage_approve, name="coverage_approve"),
    path("terms/<int:pk>/return/", views.coverage_return, name="coverage_return"),
    path("terms/<int:pk>/annual/", views.annual_create, name="annual_create"),
    path("entries/<int:pk>/remove/", views.coverage_remove, name="coverage_remove"),
    path("annual/<int:pk>/", views.annual_detail, name="annual"),
    path("annual/<int:pk>/edit/", views.annual_edit, name="annual_edit"),
    path("annual/<int:pk>/submit/", views.annual_submit, name="annual_submit"),
    path("annual/<int:pk>/approve/", views.annual_approve, name="annual_approve"),
    path("annual/<int:pk>/return/", views.annual_return, name="annual_return"),
    # Focus areas
    path("focus/<int:pk>/", views.focus_areas, name="focus_areas"),
    path("focus/<int:pk>/new/", views.focus_area_create, name="focus_area_create"),
    path("focus/<int:pk>/reference/", views.focus_reference, name="focus_reference"),
    path("focus-areas/<int:pk>/edit/", views.focus_area_edit, name="focus_area_edit"),
    path("focus-areas/<int:pk>/toggle/", views.focus_area_toggle, name="focus_area_toggle"),
    # Rounds and their task split
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/submit/", views.round_submit, name="round_submit"),
    path("rounds/<int:pk>/approve/", views.round_approve, name="round_approve"),
    path("rounds/<int:pk>/return/", views.round_return, name="round_return"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/targets/new/", views.inspection_add, name="inspection_add"),
    path("rounds/<int:pk>/targets/suggest/", views.target_suggest, name="target_suggest"),
    path("rounds/<int:pk>/targets/lookback/", views.lookback_options, name="lookback_options"),
    # Inspections
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/remove/", views.inspection_remove, name="inspection_remove"),
    path(
        "inspections/<int:pk>/transition/",
        views.inspection_transition,
        name="inspection_transition",
    ),
]
