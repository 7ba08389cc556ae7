"""Reads of the petition register that other areas build on: counts for the statistics, the
petitions about a unit for the target dossier, prompts for interview outlines, and the day's
material for the evening briefing. None of them touches the reporter's identity; the summary
they quote is checked at registration not to name the reporter."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from xuncha.petitions.access import visible_petitions
from xuncha.petitions.models import Petition, Subject

_END_PUNCTUATION = "。．.；;，,！!？? \n\t"


def petition_counts(inspection_ids) -> dict[int, dict[str, int]]:
    """Per inspection: petitions received, in scope, forwarded (closed after forwarding still
    counts). One query; zeros for inspections with none. The caller has checked access."""
    ids = [int(i) for i in inspection_ids]
    out = {i: {"petitions": 0, "in_scope": 0, "forwarded": 0} for i in ids}
    if not ids:
        return out
    rows = (
        Petition.objects.filter(inspection_id__in=ids)
        .order_by()
        .values("inspection_id")
        .annotate(
            petitions=Count("pk"),
            in_scope=Count("pk", filter=Q(in_scope=True)),
            forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
        )
    )
    for row in rows:
        out[row["inspection_id"]] = {
            "petitions": row["petitions"],
            "in_scope": row["in_scope"],
            "forwarded": row["forwarded"],
        }
    return out


def petitions_about_unit(user, unit) -> QuerySet[Petition]:
    """Petitions the user may read that concern `unit`: received by an inspection of it, or
    naming a person of it (for the target dossier)."""
    about = Exists(Subject.objects.filter(petition=OuterRef("pk"), unit=unit))
    return (
        visible_petitions(user)
        .filter(Q(inspection__target=unit) | Q(about))
        .prefetch_related("subjects")
        .order_by("-received_on", "-pk")
    )


def detail_url(petition: Petition) -> str:
    return reverse("petitions:detail", kwargs={"pk": petition.pk})


def _prompt(summary: str) -> str:
    text = (summary or "").strip().rstrip(_END_PUNCTUATION)
    for lead in ("有反映", "反映"):
        if text.startswith(lead):
            text = text[len(lead) :]
            break
    return f"有反映{text}，请说明有关情况"


def petition_points(inspection, *, name: str, post: str = "") -> list[dict]:
    """Questions for one interviewee's outline from the in-scope petitions of this inspection
    about them: matched by name, or failing that by post. Each point says where it came from."""
    name, post = (name or "").strip(), (post or "").strip()
    base = Petition.objects.filter(inspection=inspection, in_scope=True).order_by("number")
    found: list[Petition] = []
    if name:
        found = list(
            base.filter(Exists(Subject.objects.filter(petition=OuterRef("pk"), name=name)))
        )
    if not found and post:
        found = list(
            base.filter(Exists(Subject.objects.filter(petition=OuterRef("pk"), post=post)))
        )
    return [{"text": _prompt(p.summary), "label": p.label, "url": detail_url(p)} for p in found]


def day_material(inspection, day: date) -> list[dict]:
    """The petitions the inspection received on `day`, for the evening briefing."""
    petitions = Petition.objects.filter(inspection=inspection, received_on=day).order_by("number")
    return [
        {
            "kind": "petition",
            "label": f"{p.label}：{p.summary}",
            "note": p.summary,
            "obj": p,
            "url": detail_url(p),
        }
        for p in petitions
    ]
