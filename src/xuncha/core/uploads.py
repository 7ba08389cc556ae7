"""Uploads kept between an import's dry run and its apply.

A clean file is stored on the server under a random name; the session holds a random token for
it, tagged with the kind of import, so a token of one import cannot be applied by another and no
one else's session can reach the file. Unapplied uploads go after a day; a session keeps its
last few only.
"""

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "xuncha_imports"
KEEP_SECONDS = 24 * 3600
KEEP_PER_SESSION = 5


def imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _prune(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for item in directory.glob("*.upload"):
        try:
            if item.stat().st_mtime < cutoff:
                item.unlink()
        except OSError:
            pass


def keep_upload(request: HttpRequest, data: bytes, name: str, *, kind: str) -> str:
    """Store the upload for this session; return the token that names it."""
    directory = imports_dir()
    _prune(directory)
    token = secrets.token_urlsafe(24)
    stored = f"{secrets.token_hex(16)}.upload"
    (directory / stored).write_bytes(data)
    entries = dict(request.session.get(SESSION_KEY, {}))
    for old in sorted(entries, key=lambda t: entries[t]["at"])[: -(KEEP_PER_SESSION - 1)]:
        (directory / entries.pop(old)["file"]).unlink(missing_ok=True)
    entries[token] = {
        "file": stored, "name": name[:200], "at": timezone.now().isoformat(), "kind": kind,
    }
    request.session[SESSION_KEY] = entries
    return token


def stored_upload(request: HttpRequest, token: str, *, kind: str) -> tuple[dict, Path] | None:
    """The session's upload under `token` for this kind of import, or None."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("kind") != kind:
        return None
    path = imports_dir() / entry["file"]
    if not path.is_file():
        return None
    return entry, path


def forget_upload(request: HttpRequest, token: str) -> None:
    entries = dict(request.session.get(SESSION_KEY, {}))
    entry = entries.pop(token, None)
    request.session[SESSION_KEY] = entries
    if entry:
        (imports_dir() / entry["file"]).unlink(missing_ok=True)
