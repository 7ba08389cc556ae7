"""Every write of interviews. Each service checks the actor first (the office or a seat on the
inspection's team through `fieldwork.access.authorize_fieldwork`; the target's liaison for
delivery dates; actor None only from management commands), validates, writes and records its
audit event in one transaction."""

from xuncha.interviews.services.bank import add_bank_item, update_bank_item
from xuncha.interviews.services.outlines import (
    add_bank_questions,
    add_question,
    assemble_general_outline,
    edit_question,
    generate_outline,
    generate_outlines,
    record_delivery,
    remove_question,
    restore_question,
    send_outlines,
    send_to_liaison,
)
from xuncha.interviews.services.plan import (
    add_interviewee,
    import_leadership,
    propose_plan,
    remove_interviewee,
    update_interviewee,
)
from xuncha.interviews.services.records import (
    record_interview,
    record_interview_viewed,
    update_interview,
)

__all__ = [
    "add_bank_item",
    "add_bank_questions",
    "add_interviewee",
    "add_question",
    "assemble_general_outline",
    "edit_question",
    "generate_outline",
    "generate_outlines",
    "import_leadership",
    "propose_plan",
    "record_delivery",
    "record_interview",
    "record_interview_viewed",
    "remove_interviewee",
    "remove_question",
    "restore_question",
    "send_outlines",
    "send_to_liaison",
    "update_bank_item",
    "update_interview",
    "update_interviewee",
]
