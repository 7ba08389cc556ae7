"""Authorization-matrix entries for the duties endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans)."""

from tests.authz import Endpoint

ENDPOINTS: list[Endpoint] = []
