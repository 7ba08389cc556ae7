from django.urls import path

from xuncha.interviews.views import bank, liaison, outlines, plan, records

app_name = "interviews"
urlpatterns = [
    # The plan (landing page of an inspection's interviews).
    path("inspections/<int:pk>/", plan.home, name="home"),
    path("inspections/<int:pk>/people/add/", plan.interviewee_add, name="interviewee_add"),
    path("people/<int:pk>/", plan.interviewee_edit, name="interviewee_edit"),
    path("people/<int:pk>/remove/", plan.interviewee_remove, name="interviewee_remove"),
    path("inspections/<int:pk>/leadership/", plan.import_leadership, name="import_leadership"),
    path("inspections/<int:pk>/propose/", plan.propose, name="propose"),
    # Outlines.
    path("inspections/<int:pk>/general/", outlines.general_outline, name="general_outline"),
    path(
        "inspections/<int:pk>/general/assemble/", outlines.general_assemble, name="general_assemble"
    ),
    path(
        "inspections/<int:pk>/outlines/generate/",
        outlines.outlines_generate,
        name="outlines_generate",
    ),
    path("inspections/<int:pk>/outlines/send/", outlines.outlines_send, name="outlines_send"),
    path("people/<int:pk>/outline/generate/", outlines.outline_generate, name="outline_generate"),
    path("outlines/<int:pk>/", outlines.outline, name="outline"),
    path("outlines/<int:pk>/send/", outlines.outline_send, name="outline_send"),
    path("outlines/<int:pk>/delivery/", outlines.outline_delivery, name="outline_delivery"),
    path("outlines/<int:pk>/word/", outlines.outline_docx_view, name="outline_docx"),
    path("outlines/<int:pk>/questions/", outlines.question_add, name="question_add"),
    path("outlines/<int:pk>/bank/", bank.outline_add_from_bank, name="outline_add_from_bank"),
    path("questions/<int:pk>/", outlines.question_edit, name="question_edit"),
    path("questions/<int:pk>/remove/", outlines.question_remove, name="question_remove"),
    path("questions/<int:pk>/restore/", outlines.question_restore, name="question_restore"),
    # The question bank.
    path("inspections/<int:pk>/bank/", bank.bank, name="bank"),
    path("inspections/<int:pk>/bank/add/", bank.bank_item_add, name="bank_item_add"),
    path("inspections/<int:pk>/bank/<int:item_pk>/", bank.bank_item_edit, name="bank_item_edit"),
    # Interview records.
    path("inspections/<int:pk>/records/", records.records, name="records"),
    path("inspections/<int:pk>/records/add/", records.record_add, name="record_add"),
    path("records/<int:pk>/", records.record, name="record"),
    path("records/<int:pk>/edit/", records.record_edit, name="record_edit"),
    path("records/<int:pk>/word/", records.record_docx_view, name="record_docx"),
    # The target's liaison.
    path("liaison/", liaison.liaison, name="liaison"),
    path("liaison/outlines/<int:pk>/delivered/", liaison.liaison_deliver, name="liaison_deliver"),
    path("liaison/outlines/<int:pk>/word/", liaison.liaison_docx, name="liaison_docx"),
]
