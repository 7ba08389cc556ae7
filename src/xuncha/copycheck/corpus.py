"""What a material is compared with (its corpus), and the comparison run over the database.

Material of one kind is compared with the same kind from
(a) other units of the same round (another team's target, or a village of the same township),
(b) earlier rounds of the round's jurisdiction and of the jurisdictions below it — a plan
    copied from last round's, a county office's materials against its townships' —, and by
    symmetry later rounds of the jurisdictions above it,
(c) other people of the same unit in the same round (two cadres' self-criticisms),
never with itself, nor with the same unit's same-person material of the same round (a revised
version). "Earlier" is by round year, then round number.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from xuncha.copycheck import similarity
from xuncha.copycheck.models import CopyMatch, UnitMaterial
from xuncha.core.text import compact_map
from xuncha.orgs.tree import ancestor_paths, subtree_q
from xuncha.plans.models import PlanningSettings, Round


def threshold_of(round_: Round) -> float:
    """The share of shared text (0–1) from which a pair is flagged, set per jurisdiction."""
    return PlanningSettings.for_unit(round_.jurisdiction).copy_threshold_percent / 100


def family_rounds(round_: Round) -> QuerySet[Round]:
    """The round, earlier rounds at or below its jurisdiction, later rounds at or above it."""
    path = round_.jurisdiction.path
    earlier = Q(year__lt=round_.year) | Q(year=round_.year, number__lt=round_.number)
    later = Q(year__gt=round_.year) | Q(year=round_.year, number__gt=round_.number)
    below = subtree_q(path, "jurisdiction__path")
    above = Q(jurisdiction__path__in=[*ancestor_paths(path), path])
    return Round.objects.filter(Q(pk=round_.pk) | (earlier & below) | (later & above))


@dataclass(frozen=True)
class _Row:
    id: int
    round_id: int
    unit_id: int
    author: str
    text: str


def _person(author: str) -> str:
    return "".join(author.split())


def eligible(a: _Row, b: _Row) -> bool:
    """Whether two materials of the same kind from one family of rounds are compared."""
    if a.id == b.id:
        return False
    if a.round_id != b.round_id:
        return True  # the family holds only earlier rounds below and later rounds above
    return a.unit_id != b.unit_id or _person(a.author) != _person(b.author)


def _pool(round_: Round, kind: str) -> dict[int, _Row]:
    rows = UnitMaterial.objects.filter(
        kind=kind, inspection__round__in=family_rounds(round_)
    ).values_list("id", "inspection__round_id", "unit_id", "author", "normalized")
    return {row[0]: _Row(*row) for row in rows}


def _offsets(ids: set[int]) -> dict[int, list[int]]:
    """Where each compacted character of these materials stands in the original text."""
    texts = UnitMaterial.objects.filter(pk__in=ids).values_list("id", "text")
    return {pk: compact_map(text)[1] for pk, text in texts}


def _stored(pair, comparison: similarity.Comparison, offsets: dict[int, list[int]]) -> dict:
    passages = [p.original(offsets[pair[0]], offsets[pair[1]]) for p in comparison.passages]
    return {"score": comparison.score, "shared_chars": comparison.shared, "passages": passages}


def compare_materials(materials: list[UnitMaterial], round_: Round, kind: str) -> int:
    """Compare `materials` (of one round and kind) with their corpus and store every pair at or
    above the threshold as a CopyMatch; pairs of these materials that no longer reach it are
    removed. Runs in the caller's transaction. Returns the number of pairs stored."""
    if not materials:
        return 0
    ids = [m.pk for m in materials]
    pool = _pool(round_, kind)
    found = similarity.find_matches(
        [pk for pk in ids if pk in pool],
        {pk: row.text for pk, row in pool.items()},
        eligible=lambda a, b: eligible(pool[a], pool[b]),
        threshold=threshold_of(round_),
    )
    existing = {
        (m.material_id, m.other_id): m
        for m in CopyMatch.objects.filter(Q(material_id__in=ids) | Q(other_id__in=ids))
    }
    now = timezone.now()
    offsets = _offsets({pk for pair in found for pk in pair})
    for pair, comparison in found.items():
        values = _stored(pair, comparison, offsets)
        match = existing.get(pair)
        if match is None:
            match = CopyMatch(material_id=pair[0], other_id=pair[1], **values)
            match.full_clean(validate_unique=False)
            match.save()
        else:
            CopyMatch.objects.filter(pk=match.pk).update(computed_at=now, **values)
    stale = [m.pk for pair, m in existing.items() if pair not in found]
    if stale:
        CopyMatch.objects.filter(pk__in=stale).delete()
    UnitMaterial.objects.filter(pk__in=ids).update(checked_at=now)
    return len(found)
