"""Fixtures of the documents tests: the tree with seated teams (tests.matrix.duties)."""

from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans
from tests.matrix.duties import staff_rounds


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    space = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(space)
    return space
