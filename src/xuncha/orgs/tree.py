"""The materialized path of the organization tree.

A unit's path is its ancestors' primary keys and its own, each written as STEP decimal digits:
the county 123 under city 45 under province 1 has path "00000001" "00000045" "00000123".
Digits only, fixed width: every collation orders such strings the same way, so "this unit and
everything under it" is the range predicate path >= P AND path < successor(P), which uses the
index on every database (a LIKE 'P%' does not on SQLite).
"""

from django.db.models import Q

STEP = 8
MAX_DEPTH = 12


def step(pk: int) -> str:
    if pk >= 10**STEP:
        raise ValueError("unit id does not fit the path step")
    return f"{pk:0{STEP}d}"


def successor(path: str) -> str:
    """The smallest path greater than every path that starts with `path`."""
    return f"{int(path) + 1:0{len(path)}d}"


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` is `path` or lies under it."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": successor(path)})


def ancestor_paths(path: str) -> list[str]:
    """The paths of every ancestor of `path`, root first, excluding `path` itself."""
    return [path[:i] for i in range(STEP, len(path), STEP)]


def ancestor_ids(path: str) -> list[int]:
    return [int(path[i : i + STEP]) for i in range(0, len(path) - STEP, STEP)]
