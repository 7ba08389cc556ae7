"""Filling a .docx template in the sandbox (`sandbox.DocumentEnvironment`) with docxtpl, and
explaining in the interface language, with the template line, why a template was refused."""

import re
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docxtpl import InlineImage
from jinja2.exceptions import (
    SecurityError,
    TemplateAssertionError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)

from xuncha.documents.sandbox import DocumentEnvironment, ForbiddenTag, Image, Refused, plain

# --- Rendering ---------------------------------------------------------------------------------


def _bind_images(doc, value):
    from docx.shared import Mm

    if isinstance(value, Image):
        return InlineImage(doc, BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _bind_images(doc, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bind_images(doc, v) for v in value]
    if isinstance(value, tuple):
        return tuple(_bind_images(doc, v) for v in value)
    return value


def render_template(data: bytes, context: dict) -> bytes:
    """Fill the .docx template `data` with `context` (made plain first) in the sandbox.
    ValidationError (codes "template_unsafe", "template_error", "not_docx") with the reason
    and the template line; TypeError if the context is not plain data."""
    from docxtpl import DocxTemplate

    context = plain(context)
    try:
        doc = DocxTemplate(BytesIO(data))
        doc.init_docx()
    except Exception:
        raise ValidationError(
            _("The template is not a Word document (.docx) that can be read."), code="not_docx"
        ) from None
    env = DocumentEnvironment()
    try:
        doc.render(_bind_images(doc, context), jinja_env=env, autoescape=True)
        out = BytesIO()
        doc.save(out)
    except (
        TemplateError,
        RecursionError,
        MemoryError,
        ArithmeticError,
        TypeError,
        ValueError,
        LookupError,
    ) as exc:
        raise problem(exc, env) from None
    return out.getvalue()


def declared_variables(data: bytes) -> list[str]:
    """The names a template uses from its context, for the template page."""
    from docxtpl import DocxTemplate

    try:
        names = DocxTemplate(BytesIO(data)).get_undeclared_template_variables(
            jinja_env=DocumentEnvironment()
        )
    except Exception:
        return []
    return sorted(set(names) - {"loop", "self", "caller", "varargs", "kwargs"})


# --- Explaining what went wrong --------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def _template_line(exc: BaseException, env: DocumentEnvironment) -> str:
    """The template text of the line that failed, without the Word XML around it."""
    lineno = getattr(exc, "lineno", None)
    if not lineno:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "<template>":
                lineno = tb.tb_lineno
            tb = tb.tb_next
    if not lineno or not env.sources:
        return ""
    lines = env.sources[-1].splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = " ".join(_TAGS.sub("", lines[lineno - 1]).split())
    return text if len(text) <= 120 else text[:117] + "…"


def _undefined_name(message: str) -> str:
    found = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", message)
    if not found:
        return message
    return found.group(1) or found.group(2)


def _reason(exc: BaseException) -> tuple[str, str]:
    """(code, the reason in the interface language) for an error of rendering."""
    unsafe, faulty = "template_unsafe", "template_error"
    if isinstance(exc, ForbiddenTag):
        return unsafe, _("the tag “%(tag)s” is not allowed in document templates") % {
            "tag": exc.tag
        }
    if isinstance(exc, SecurityError):
        return unsafe, _("it reaches for “%(name)s”, which templates may not use") % {
            "name": str(exc).split(" ")[0][:60]
        }
    if isinstance(exc, Refused):
        if exc.code == "budget":
            return unsafe, _(
                "it loops or calls more than %(limit)s times: it would never finish"
            ) % exc.params
        if exc.code == "range":
            return unsafe, _("range() over more than %(limit)s numbers is not allowed") % (
                exc.params
            )
        if exc.code == "timeout":
            return unsafe, _(
                "it takes more than %(seconds)s seconds to fill in: it would hold up the server"
            ) % exc.params
        if exc.code == "output":
            return unsafe, _("it would produce a document larger than %(mb)s MB") % exc.params
        if exc.code == "sum":
            return faulty, _("only numbers can be summed")
        return unsafe, _("a text, list or number it computes is too large")
    if isinstance(exc, TemplateAssertionError) and "No filter named" in exc.message:
        return unsafe, _("the filter “%(name)s” is not allowed in document templates") % {
            "name": exc.message.split("'")[1] if "'" in exc.message else exc.message
        }
    if isinstance(exc, UndefinedError):
        return faulty, _("it uses “%(name)s”, which this document does not provide") % {
            "name": _undefined_name(str(exc))
        }
    if isinstance(exc, TemplateSyntaxError):
        return faulty, _("syntax error: %(message)s") % {"message": exc.message}
    if isinstance(exc, RecursionError):
        return unsafe, _("it calls itself too deeply")
    if isinstance(exc, MemoryError):
        return unsafe, _("a text, list or number it computes is too large")
    return faulty, _("it cannot be filled in: %(message)s") % {"message": str(exc)[:200]}


def problem(exc: BaseException, env: DocumentEnvironment) -> ValidationError:
    """The ValidationError shown to a person for a template that failed in the sandbox."""
    code, reason = _reason(exc)
    line = _template_line(exc, env)
    if line:
        message = _("The template is unsafe or faulty: %(reason)s (at: %(line)s)") % {
            "reason": reason,
            "line": line,
        }
    else:
        message = _("The template is unsafe or faulty: %(reason)s") % {"reason": reason}
    return ValidationError(message, code=code)
