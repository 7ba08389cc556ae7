"""Template helpers of the copied-text check."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """A score (0–1) as a percentage: 0.4236 → "42.4%"."""
    try:
        return f"{float(value) * 100:.1f}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def flagged(value, threshold) -> bool:
    """Whether a score reaches the jurisdiction's threshold (shown in red)."""
    try:
        return float(value) > 0 and float(value) >= float(threshold)
    except (TypeError, ValueError):
        return False
