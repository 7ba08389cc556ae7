"""Placeholder until the organization pages land."""

from django.http import HttpResponse


def tree(request):
    return HttpResponse("")


def detail(request, pk):
    return HttpResponse("")
