"""Working papers (/findings/): an inspection's findings, one paper, its sign-off, judgment,
evidence, Word files and immediate fix; the unit liaison's immediate-fix letters."""

from django.urls import path

from xuncha.findings import views as v
from xuncha.findings import views_fix as f
from xuncha.findings import views_review as r

app_name = "findings"
urlpatterns = [
    path("inspections/<int:pk>/", v.home, name="home"),
    path("inspections/<int:pk>/new/", v.create, name="create"),
    path("inspections/<int:pk>/finding-list/", v.list_file, name="list_file"),
    path("inspections/<int:pk>/immediate-fixes/", f.fixes, name="fixes"),
    path("problems/<int:pk>/start/", v.start, name="start"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/edit/", v.edit, name="edit"),
    path("<int:pk>/records/", v.records, name="records"),
    path("<int:pk>/evidence/", v.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/remove/", v.evidence_remove, name="evidence_remove"),
    path("<int:pk>/paper/", v.paper_file, name="paper_file"),
    path("<int:pk>/submit/", r.submit, name="submit"),
    path("<int:pk>/approve/", r.approve, name="approve"),
    path("<int:pk>/confirm/", r.confirm, name="confirm"),
    path("<int:pk>/return/", r.return_, name="return"),
    path("<int:pk>/reopen/", r.reopen, name="reopen"),
    path("<int:pk>/withdraw/", r.withdraw, name="withdraw"),
    path("<int:pk>/judgment/", r.judgment, name="judgment"),
    path("<int:pk>/immediate-fix/", f.fix, name="fix"),
    path("<int:pk>/immediate-fix/letter/", f.fix_letter, name="fix_letter"),
    path("<int:pk>/immediate-fix/send/", f.fix_send, name="fix_send"),
    path("<int:pk>/immediate-fix/accept/", f.fix_accept, name="fix_accept"),
    path("liaison/", f.liaison_fixes, name="liaison_fixes"),
    path("liaison/<int:pk>/", f.liaison_fix, name="liaison_fix"),
    path("liaison/<int:pk>/letter/", f.liaison_letter, name="liaison_letter"),
    path("liaison/<int:pk>/files/", f.liaison_file_add, name="liaison_file_add"),
    path("liaison/files/<int:pk>/", f.liaison_file, name="liaison_file"),
]
