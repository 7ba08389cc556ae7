"""Authorization-matrix entries for stationing (fieldwork) endpoints (see tests/authz.py).

Inside: county A1's inspection (dept_a1, team_a1); outside: county B1's. The office (office_a)
may read and grant; the leading group (viewer_a) reads but may not grant."""

from tests.authz import Endpoint
from tests.factories import make_user
from xuncha.fieldwork import services


def _inspection(attr, key="pk"):
    return lambda ns: {key: getattr(ns.plans, attr).pk}


def _grant(attr, actor, key="pk"):
    def build(ns):
        guest = make_user(f"guest_{attr}", unit=getattr(ns.plans, attr).target)
        grant = services.grant_access(
            getattr(ns.plans, attr), guest, actor=getattr(ns.personas, actor), reason="协助核查"
        )
        return {key: grant.pk}

    return build


def _with_guest(attr, key="pk"):
    """The inspection's kwargs, with an account to grant access to made beforehand (so that a
    refused request is seen to change nothing)."""

    def build(ns):
        make_user("guest_in_scope", unit=ns.tree.county_a1)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _guest(ns):
    return {"username": "guest_in_scope", "reason": "纪委监委联络"}


ENDPOINTS: list[Endpoint] = [
    Endpoint("fieldwork:inspections", secret_inside="甲一县农业农村局",
             secret_outside="乙一县农业农村局"),
    Endpoint("fieldwork:inspection", inside=_inspection("inspection_a1"),
             outside=_inspection("inspection_b"), secret_inside="甲一县委第一巡察组"),
    Endpoint("fieldwork:grant", method="POST", inside=_with_guest("inspection_a1"),
             outside=_inspection("inspection_b"), ok=(302,), without="viewer_a", data=_guest),
    Endpoint("fieldwork:revoke", method="POST", inside=_grant("inspection_a1", "office_a"),
             outside=_grant("inspection_b", "outsider"), ok=(302,), without="viewer_a",
             data=lambda ns: {"reason": "工作结束"}),
    Endpoint("GET /api/fieldwork/inspections", api=True, secret_inside="甲一县农业农村局",
             secret_outside="乙一县农业农村局"),
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}", api=True,
             inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"),
             secret_inside="甲一县农业农村局"),
    Endpoint("GET /api/fieldwork/inspections/{inspection_id}/grants", api=True,
             inside=_inspection("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"), without="viewer_a"),
    Endpoint("POST /api/fieldwork/inspections/{inspection_id}/grants", method="POST", api=True,
             inside=_with_guest("inspection_a1", "inspection_id"),
             outside=_inspection("inspection_b", "inspection_id"), ok=(201,),
             without="viewer_a", data=_guest),
    Endpoint("POST /api/fieldwork/grants/{grant_id}/revoke", method="POST", api=True,
             inside=_grant("inspection_a1", "office_a", "grant_id"),
             outside=_grant("inspection_b", "outsider", "grant_id"), without="viewer_a",
             data=lambda ns: {"reason": "工作结束"}),
]


# --- Files of stationing records ---------------------------------------------------------------

_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _meeting(attr, key="object_id"):
    def build(ns):
        from xuncha.fieldwork.models import Meeting

        inspection = getattr(ns.plans, attr)
        meeting = Meeting.objects.create(
            inspection=inspection, kind="symposium", title="中层干部座谈会",
            held_on=inspection.round.starts_on,
        )
        return {"key": "meeting", key: meeting.pk}

    return build


def _file(attr, actor):
    def build(ns):
        from xuncha.fieldwork import attachments

        meeting = _meeting(attr)(ns)
        from xuncha.fieldwork.models import Meeting

        found = attachments.add_attachment(
            Meeting.objects.get(pk=meeting["object_id"]), "座谈记录.pdf", _PDF,
            actor=getattr(ns.personas, actor),
        )
        return {"pk": found.pk}

    return build


def _upload(ns):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("记录.pdf", _PDF)}


ENDPOINTS += [
    Endpoint("fieldwork:attach", method="POST", inside=_meeting("inspection_a1"),
             outside=_meeting("inspection_b"), ok=(302,), without="viewer_a", data=_upload),
    Endpoint("fieldwork:attachment", inside=_file("inspection_a1", "office_a"),
             outside=_file("inspection_b", "outsider"), secret_inside="%PDF-1.4"),
    Endpoint("fieldwork:attachment_remove", method="POST",
             inside=_file("inspection_a1", "office_a"),
             outside=_file("inspection_b", "outsider"), ok=(302,), without="viewer_a"),
]
