from django.urls import path

from xuncha.knowledge import views, views_entries, views_htmx

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    # Regulations and their articles.
    path("regulations/", views.regulations, name="regulations"),
    path("regulations/new/", views.regulation_create, name="regulation_create"),
    path("regulations/<int:pk>/", views.regulation, name="regulation"),
    path("regulations/<int:pk>/edit/", views.regulation_edit, name="regulation_edit"),
    path("regulations/<int:pk>/import/", views.regulation_import, name="regulation_import"),
    path("regulations/<int:pk>/articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/remove/", views.article_remove, name="article_remove"),
    path("articles/<int:pk>/move/", views.article_move, name="article_move"),
    # Typical cases.
    path("cases/", views_entries.cases, name="cases"),
    path("cases/new/", views_entries.case_create, name="case_create"),
    path("cases/<int:pk>/", views_entries.case, name="case"),
    path("cases/<int:pk>/edit/", views_entries.case_edit, name="case_edit"),
    # Standard wording (巡言巡语).
    path("wordings/", views_entries.wordings, name="wordings"),
    path("wordings/new/", views_entries.wording_create, name="wording_create"),
    path("wordings/<int:pk>/", views_entries.wording, name="wording"),
    path("wordings/<int:pk>/edit/", views_entries.wording_edit, name="wording_edit"),
    path(
        "wordings/<int:pk>/deactivate/", views_entries.wording_deactivate, name="wording_deactivate"
    ),
    path(
        "wordings/<int:pk>/reactivate/", views_entries.wording_reactivate, name="wording_reactivate"
    ),
    # Model reports (范文).
    path("model-reports/", views_entries.model_reports, name="model_reports"),
    path("model-reports/new/", views_entries.model_report_create, name="model_report_create"),
    path("model-reports/<int:pk>/", views_entries.model_report, name="model_report"),
    path("model-reports/<int:pk>/edit/", views_entries.model_report_edit, name="model_report_edit"),
    # What the finding form loads with htmx.
    path("suggest/wording/", views_htmx.wording_suggest, name="wording_suggest"),
    path("suggest/articles/", views_htmx.article_search, name="article_search"),
]
