"""Every write of questionnaires and appraisals (see the modules for the rules)."""

from xuncha.surveys.services.bank import (
    add_bank_question,
    set_bank_question_active,
    update_bank_question,
)
from xuncha.surveys.services.distribution import (
    LinkUnusable,
    enter_paper_form,
    issue_links,
    resolve_link,
    submit_answers,
)
from xuncha.surveys.services.editing import (
    add_bank_questions,
    add_question,
    close_survey,
    create_survey,
    discard_changes,
    move_question,
    publish_survey,
    remove_question,
    reorder_questions,
    set_paper_forms_issued,
    sync_leadership,
    update_question,
    update_survey,
)
from xuncha.surveys.services.export import export_results

__all__ = [
    "LinkUnusable",
    "add_bank_question",
    "add_bank_questions",
    "add_question",
    "close_survey",
    "create_survey",
    "discard_changes",
    "enter_paper_form",
    "export_results",
    "issue_links",
    "move_question",
    "publish_survey",
    "remove_question",
    "reorder_questions",
    "resolve_link",
    "set_bank_question_active",
    "set_paper_forms_issued",
    "submit_answers",
    "sync_leadership",
    "update_bank_question",
    "update_question",
    "update_survey",
]
