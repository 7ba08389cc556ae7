"""The REST API under /api/: django-ninja, session or bearer-token authentication, the same
access choke points as the pages."""

import json

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import APIKeyCookie, HttpBearer

from xuncha.accounts.permissions import needs_second_factor
from xuncha.accounts.services import user_for_token


class ChineseJSONRenderer(JSONRenderer):
    """JSON with Chinese characters as they are, not as \\u escapes."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=self.encoder_class, ensure_ascii=False)


class SessionAuth(APIKeyCookie):
    """The browser session, with CSRF on unsafe methods, once sign-in is complete."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if user.must_change_password:
            return None
        if needs_second_factor(user) and not user.is_verified():
            return None
        return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer xc_…` with a token made on the account page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="xuncha API",
    version="1",
    description="巡察工作信息平台 API",
    auth=[SessionAuth(), TokenAuth()],
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
)

from xuncha.accounts.api import router as accounts_router  # noqa: E402
from xuncha.copycheck.api import router as copycheck_router  # noqa: E402
from xuncha.documents.api import router as documents_router  # noqa: E402
from xuncha.fieldwork.api import router as fieldwork_router  # noqa: E402
from xuncha.findings.api import router as findings_router  # noqa: E402
from xuncha.interviews.api import router as interviews_router  # noqa: E402
from xuncha.knowledge.api import router as knowledge_router  # noqa: E402
from xuncha.leads.api import router as leads_router  # noqa: E402
from xuncha.orgs.api import router as orgs_router  # noqa: E402
from xuncha.people.api import router as people_router  # noqa: E402
from xuncha.petitions.api import router as petitions_router  # noqa: E402
from xuncha.plans.api import router as plans_router  # noqa: E402
from xuncha.reports.api import router as reports_router  # noqa: E402
from xuncha.staffing.api_duties import router as duties_router  # noqa: E402
from xuncha.staffing.api_recusal import router as recusal_router  # noqa: E402
from xuncha.staffing.api_teams import router as staffing_router  # noqa: E402
from xuncha.surveys.api import router as surveys_router  # noqa: E402

api.add_router("/units", orgs_router)
api.add_router("/users", accounts_router)
api.add_router("/people", people_router)
api.add_router("/plans", plans_router)
api.add_router("/recusals", recusal_router)
api.add_router("/staffing", staffing_router)
api.add_router("/duties", duties_router)
api.add_router("/fieldwork", fieldwork_router)
api.add_router("/interviews", interviews_router)
api.add_router("/surveys", surveys_router)
api.add_router("/petitions", petitions_router)
api.add_router("/findings", findings_router)
api.add_router("/leads", leads_router)
api.add_router("/reports", reports_router)
api.add_router("/knowledge", knowledge_router)
api.add_router("/materials", copycheck_router)
api.add_router("/documents", documents_router)
