from django.urls import path

from xuncha.surveys import views, views_bank, views_distribution

app_name = "surveys"
urlpatterns = [
    path("inspections/<int:pk>/", views.home, name="home"),
    path("inspections/<int:pk>/new/", views.create, name="create"),
    path("bank/", views_bank.bank_page, name="bank"),
    path("bank/add/", views_bank.bank_add, name="bank_add"),
    path("bank/<int:pk>/edit/", views_bank.bank_edit, name="bank_edit"),
    path("bank/<int:pk>/retire/", views_bank.bank_retire, name="bank_retire"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/questions/pick/", views.bank_pick, name="bank_pick"),
    path("<int:pk>/questions/<slug:key>/edit/", views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<slug:key>/remove/", views.question_remove, name="question_remove"),
    path("<int:pk>/questions/<slug:key>/move/", views.question_move, name="question_move"),
    path("<int:pk>/leadership/", views.leadership, name="leadership"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/links/", views_distribution.links, name="links"),
    path("<int:pk>/links/issue/", views_distribution.links_issue, name="links_issue"),
    path("<int:pk>/paper/", views_distribution.paper, name="paper"),
    path("<int:pk>/paper/issued/", views_distribution.paper_issued, name="paper_issued"),
    path("<int:pk>/print/", views_distribution.print_form, name="print"),
    path("<int:pk>/results/", views_distribution.results, name="results"),
    path("<int:pk>/export/", views_distribution.export, name="export"),
]
