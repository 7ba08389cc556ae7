"""Reads of cadres that need more than a filter on one field."""

from django.db.models import Q


def skill_q(skill: str) -> Q:
    """Cadres with the skill as main specialty or among their further expertise (stored as
    comma-separated Specialty values, so the tag is matched between commas)."""
    return (
        Q(specialty=skill)
        | Q(expertise=skill)
        | Q(expertise__startswith=f"{skill},")
        | Q(expertise__endswith=f",{skill}")
        | Q(expertise__contains=f",{skill},")
    )
