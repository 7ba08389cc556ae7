import pytest

from tests.reports.helpers import world


@pytest.fixture
def ns(tree, personas):
    return world(tree, personas)
