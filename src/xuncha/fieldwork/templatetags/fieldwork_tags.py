"""Panels shared by the stationing pages: a record's files."""

from django import template

from xuncha.fieldwork import attachments
from xuncha.fieldwork.access import may_write, office_role

register = template.Library()


@register.inclusion_tag("fieldwork/_attachments.html", takes_context=True)
def attachments_panel(context, obj):
    """The files of a record, with download links and, for those who may write, an upload
    form and removal buttons. `obj` must be registered in `fieldwork.attachments`."""
    request = context["request"]
    inspection = attachments.inspection_of(obj)
    return {
        "files": list(attachments.attachments_of(obj)),
        "key": attachments.key_of(obj),
        "obj": obj,
        "writable": may_write(request.user, inspection),
        # Files are removed by the office or by whoever uploaded them.
        "office": office_role(request.user, inspection) is not None,
        "me": request.user.pk,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
