"""Helpers for forms shared by every app."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_errors(form: forms.Form, exc: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form, by field where the field is on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else default_field
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else error)
    else:
        for message in exc.messages:
            form.add_error(default_field if default_field in form.fields else None, message)


__all__ = ["NON_FIELD_ERRORS", "apply_errors"]


def flash_errors(request, source: forms.Form | ValidationError) -> None:
    """Show a form's or a service's errors as messages, for actions that redirect back."""
    from django.contrib import messages

    if isinstance(source, ValidationError):
        errors = source.messages
    else:
        errors = [e for field_errors in source.errors.values() for e in field_errors]
    for error in errors:
        messages.error(request, error)
