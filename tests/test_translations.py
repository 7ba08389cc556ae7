"""The zh-hans translation is complete, compiled, and covers every message in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "xuncha"
PO = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_message_is_translated():
    po = polib.pofile(str(PO))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:20]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:20]


def test_compiled_catalogue_matches_the_source():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO))
          if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO))
          if e.msgid}
    assert po == mo, "run `make messages` to compile the translation"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_message_of_the_code(tmp_path):
    copy = tmp_path / "xuncha"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location",
         "-i", "*/migrations/*"],
        cwd=copy, check=True, capture_output=True,
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / PO.relative_to(PACKAGE)))
             if not e.obsolete}
    kept = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(m for _c, m in fresh - kept)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"
