"""How a lead is named to its reader. The per-inspection number is shown only to those who
may see every lead of the inspection (the keepers and inspection-wide grantees): to the
grantee of one lead, "No. 5" would tell that leads 1 to 4 exist. Everyone else sees a neutral
label with the lead's opaque reference and the day it was registered."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.leads.access import numbered_inspection_ids
from xuncha.leads.models import Lead


def label_leads(user, leads: Iterable[Lead]) -> list[Lead]:
    """Set `shown_number` (the number, or None) and `label` on each lead for this reader, in
    one query for any number of leads. Templates and the API show only these."""
    leads = list(leads)
    numbered = numbered_inspection_ids(user, {lead.inspection_id for lead in leads})
    for lead in leads:
        lead.shown_number = lead.number if lead.inspection_id in numbered else None
        if lead.shown_number is not None:
            lead.label = _("Lead No. %(number)s") % {"number": lead.number}
        else:
            lead.label = _("Lead %(ref)s, registered on %(date)s") % {
                "ref": lead.reference,
                "date": f"{timezone.localtime(lead.created_at):%Y-%m-%d}",
            }
    return leads


def label_lead(user, lead: Lead) -> Lead:
    label_leads(user, [lead])
    return lead


def document_number(lead: Lead) -> str:
    """The number line of the Word file (Chinese data text): "第5号" for a labelled reader who
    may see it, the opaque reference otherwise."""
    number = getattr(lead, "shown_number", None)
    return f"第{number}号" if number is not None else lead.reference
