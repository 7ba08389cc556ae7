"""The kinds of entry a cadre's record holds besides the cadre itself: résumé lines, relatives,
working relations, availability, training and rewards.

One registry, so that the generic services, the pages, the API and the access choke point agree
on which fields each kind has, how it appears in URLs, and which kinds are personal data that
only the inspection office (people.edit) may read.
"""

from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from xuncha.people.models import (
    Availability,
    FamilyRelation,
    Posting,
    Reward,
    TrainingRecord,
    WorkingRelation,
)

RecordModel = Posting | FamilyRelation | WorkingRelation | Availability | TrainingRecord | Reward


@dataclass(frozen=True)
class RecordKind:
    """How one kind of entry is named and edited. `private` kinds are read only by holders of
    people.edit over the cadre's unit: relatives and working relations are personal data
    declared for the recusal check, not for everyone who may read the cadre's profile."""

    slug: str
    model: type[models.Model]
    fields: tuple[str, ...]
    title: Promise
    add_label: Promise
    private: bool = False


KINDS: dict[str, RecordKind] = {
    kind.slug: kind
    for kind in (
        RecordKind(
            "postings",
            Posting,
            ("kind", "unit", "organization", "title", "started_on", "ended_on"),
            _("Résumé"),
            _("Add a résumé entry"),
        ),
        RecordKind(
            "relatives",
            FamilyRelation,
            ("kinship", "relation", "full_name", "unit", "employer", "post"),
            _("Family relations"),
            _("Add a relative"),
            private=True,
        ),
        RecordKind(
            "working-relations",
            WorkingRelation,
            ("kind", "full_name", "unit", "ended_on"),
            _("Working relations"),
            _("Add a working relation"),
            private=True,
        ),
        RecordKind(
            "availability",
            Availability,
            ("starts_on", "ends_on", "released", "note"),
            _("Availability"),
            _("Add a period of availability"),
        ),
        RecordKind(
            "trainings",
            TrainingRecord,
            ("title", "held_on", "hours", "organizer"),
            _("Training"),
            _("Add a training record"),
        ),
        RecordKind(
            "rewards",
            Reward,
            ("title", "awarded_on", "issuer", "note"),
            _("Rewards"),
            _("Add a reward"),
        ),
    )
}
_BY_MODEL: dict[type[models.Model], RecordKind] = {k.model: k for k in KINDS.values()}


def kind_for(model: type[models.Model]) -> RecordKind:
    """The registry entry of a record model; TypeError for anything else (a programming error)."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not a kind of cadre record") from None


def kind_from_slug(slug: str) -> RecordKind:
    """The kind named in a URL, or 404."""
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind
