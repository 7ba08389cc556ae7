from django.urls import include, path

from xuncha.api import api
from xuncha.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("xuncha.accounts.urls")),
    path("units/", include("xuncha.orgs.urls")),
    path("people/", include("xuncha.people.urls")),
    path("plans/", include("xuncha.plans.urls")),
    path("staffing/", include("xuncha.staffing.urls")),
    path("fieldwork/", include("xuncha.fieldwork.urls")),
    path("interviews/", include("xuncha.interviews.urls")),
    path("surveys/", include("xuncha.surveys.urls")),
    path("petitions/", include("xuncha.petitions.urls")),
    path("findings/", include("xuncha.findings.urls")),
    path("leads/", include("xuncha.leads.urls")),
    path("reports/", include("xuncha.reports.urls")),
    path("knowledge/", include("xuncha.knowledge.urls")),
    path("materials/", include("xuncha.copycheck.urls")),
    path("documents/", include("xuncha.documents.urls")),
    path("s/", include("xuncha.surveys.public_urls")),
    path("public/", include("xuncha.fieldwork.public_urls")),
    path("audit/", include("xuncha.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]

handler403 = "xuncha.core.views.forbidden"
handler404 = "xuncha.core.views.not_found"
