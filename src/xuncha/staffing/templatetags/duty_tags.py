"""Panels that other apps' pages embed (placeholder until the owning module fills it in)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def cadre_service(context, cadre):
    return ""
