"""Meetings, document requests, visits and checks of an inspection; the liaison's list."""

from django.urls import path

from xuncha.fieldwork import views_records as v
from xuncha.fieldwork import views_records_documents as d

urlpatterns = [
    path("inspections/<int:pk>/meetings/", v.meetings, name="meetings"),
    path("inspections/<int:pk>/meetings/new/", v.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", v.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", v.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", v.meeting_delete, name="meeting_delete"),
    path("inspections/<int:pk>/checks/", v.checks, name="checks"),
    path("inspections/<int:pk>/checks/<slug:kind>/new/", v.check_create, name="check_create"),
    path("checks/<slug:kind>/<int:pk>/", v.check, name="check"),
    path("checks/<slug:kind>/<int:pk>/edit/", v.check_edit, name="check_edit"),
    path("checks/<slug:kind>/<int:pk>/delete/", v.check_delete, name="check_delete"),
    path("inspections/<int:pk>/document-requests/", d.document_requests, name="document_requests"),
    path(
        "inspections/<int:pk>/document-requests/new/",
        d.document_request_create,
        name="document_request_create",
    ),
    path("document-requests/<int:pk>/", d.document_request, name="document_request"),
    path("document-requests/<int:pk>/edit/", d.document_request_edit, name="document_request_edit"),
    path(
        "document-requests/<int:pk>/print/", d.document_request_print, name="document_request_print"
    ),
    path("document-requests/<int:pk>/items/", d.document_item_add, name="document_item_add"),
    path("requested-documents/<int:pk>/", d.requested_document, name="requested_document"),
    path(
        "requested-documents/<int:pk>/move/",
        d.requested_document_move,
        name="requested_document_move",
    ),
    path(
        "requested-documents/<int:pk>/read/",
        d.requested_document_read,
        name="requested_document_read",
    ),
    path(
        "requested-documents/<int:pk>/remove/",
        d.requested_document_remove,
        name="requested_document_remove",
    ),
    path("liaison/documents/", d.liaison_documents, name="liaison_documents"),
    path(
        "liaison/documents/<int:pk>/provide/",
        d.liaison_document_provide,
        name="liaison_document_provide",
    ),
]
