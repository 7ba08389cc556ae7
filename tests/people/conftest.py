"""Cadres, pools and teams on the persona tree: some in city A's scope, one in city B's."""

import pytest

from tests.factories import make_people


@pytest.fixture
def people(tree):
    return make_people(tree)
