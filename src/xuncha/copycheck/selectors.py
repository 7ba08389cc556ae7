"""Reads of the copied-text check that need more than a filter: an inspection's materials with
their highest score, a material's matches, and one match seen from one side.

What a reader learns of the other side of a match depends on whether they see that material
themselves: its title, unit and text if so; otherwise only that it exists, its round and its
kind (another team's target is confidential, so not even the unit's name).
"""

from dataclasses import dataclass

from django.db.models import F, FloatField, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from xuncha.copycheck.models import CopyMatch, UnitMaterial
from xuncha.copycheck.similarity import covered_sentences, segments
from xuncha.fieldwork.access import fieldwork_q
from xuncha.plans.models import Inspection


def _best(side: str) -> Subquery:
    rows = (
        CopyMatch.objects.filter(**{side: OuterRef("pk")})
        .order_by()
        .values(side)
        .annotate(best=Max("score"))
        .values("best")
    )
    return Subquery(rows, output_field=FloatField())


def _count(side: str) -> Subquery:
    from django.db.models import Count

    rows = (
        CopyMatch.objects.filter(**{side: OuterRef("pk")})
        .order_by()
        .values(side)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def with_scores(qs: QuerySet[UnitMaterial]) -> QuerySet[UnitMaterial]:
    """Each material's highest score (`best`, 0 without matches) and number of matches."""
    zero, none = 0.0, 0
    return qs.annotate(
        best=Greatest(Coalesce(_best("material"), zero), Coalesce(_best("other"), zero)),
        match_count=Coalesce(_count("material"), none) + Coalesce(_count("other"), none),
    )


def materials_of(inspection: Inspection, kind: str = "") -> QuerySet[UnitMaterial]:
    qs = UnitMaterial.objects.filter(inspection=inspection).select_related("unit", "uploaded_by")
    if kind:
        qs = qs.filter(kind=kind)
    return with_scores(qs).order_by("kind", F("best").desc(), "pk")


def matches_of(material: UnitMaterial) -> QuerySet[CopyMatch]:
    related = ("inspection__round", "inspection__target", "unit")
    return (
        CopyMatch.objects.filter(Q(material=material) | Q(other=material))
        .select_related(
            "material",
            "other",
            *(f"material__{r}" for r in related),
            *(f"other__{r}" for r in related),
        )
        .order_by("-score", "pk")
    )


@dataclass
class Side:
    material: UnitMaterial
    visible: bool
    ranges: list[tuple[int, int]]
    key: str  # "a" for the match's `material`, "b" for its `other`

    def pieces(self) -> list[tuple[str, int | None]]:
        numbered = [(s, e, n) for n, (s, e) in enumerate(self.ranges, start=1)]
        return segments(self.material.text, numbered) if self.visible else []

    def copied_sentences(self) -> int:
        return covered_sentences(self.material.text, self.ranges) if self.visible else 0


@dataclass
class MatchView:
    match: CopyMatch
    this: Side
    other: Side

    @property
    def sides(self) -> list[Side]:
        return [self.this, self.other]


def seen_inspections(user, matches) -> set[int]:
    """The inspections, among those of the matches' two sides, whose material the user sees:
    one query for a whole list."""
    ids = {m.material.inspection_id for m in matches} | {m.other.inspection_id for m in matches}
    q = fieldwork_q(user)
    if q is None or not ids:
        return set()
    return set(Inspection.objects.filter(q, pk__in=ids).values_list("pk", flat=True))


def match_view(user, match: CopyMatch, side: str = "", seen: set[int] | None = None) -> MatchView:
    """The match from the side the user asked for (`a` or `b`) when they see it, else from the
    side they do see. The caller has reached the match through `visible_matches`; `seen` is
    `seen_inspections` when showing many."""
    if seen is None:
        seen = seen_inspections(user, [match])
    materials = {"a": match.material, "b": match.other}
    visible = {key: m.inspection_id in seen for key, m in materials.items()}
    here = side if visible.get(side) else ("a" if visible["a"] else "b")
    there = "b" if here == "a" else "a"

    def build(key: str) -> Side:
        ranges = [tuple(p[key]) for p in match.passages]
        return Side(materials[key], visible[key], ranges, key)

    return MatchView(match, build(here), build(there))


def side_of(match: CopyMatch, material: UnitMaterial) -> str:
    return "a" if match.material_id == material.pk else "b"
