"""The difference between two versions of a report, section by section.

Text is compared paragraph by paragraph, and changed paragraphs character by character
(Chinese has no spaces to split words on). The result is plain data (for the API) and escaped
HTML with <ins>/<del> (for the page; styled by classes, no inline styles).
"""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Beyond this many characters on either side a replaced block is shown as removed and added
# whole: character matching is quadratic.
_CHAR_LIMIT = 4000

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


def text_ops(a: str, b: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "equal", "insert" or "delete", turning `a` into `b`."""
    if a == b:
        return [("equal", a)] if a else []
    # Every line keeps its line break (a sentinel one is added at the end and taken off again),
    # so that joining the pieces of either side gives back exactly that side.
    old, new = (a + "\n").splitlines(keepends=True), (b + "\n").splitlines(keepends=True)
    ops: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        left, right = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            _add(ops, "equal", left)
        elif tag == "delete":
            _add(ops, "delete", left)
        elif tag == "insert":
            _add(ops, "insert", right)
        elif len(left) > _CHAR_LIMIT or len(right) > _CHAR_LIMIT:
            _add(ops, "delete", left)
            _add(ops, "insert", right)
        else:
            chars = SequenceMatcher(None, left, right, autojunk=False)
            for ctag, c1, c2, d1, d2 in chars.get_opcodes():
                if ctag == "equal":
                    _add(ops, "equal", left[c1:c2])
                else:
                    _add(ops, "delete", left[c1:c2])
                    _add(ops, "insert", right[d1:d2])
    return _without_sentinel(_tidy(ops))


def _without_sentinel(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Take the added final line break off each side: the last character either side reads."""
    chars = [[op, ch] for op, text in ops for ch in text]
    last_old = max((i for i, (op, _c) in enumerate(chars) if op != "insert"), default=None)
    last_new = max((i for i, (op, _c) in enumerate(chars) if op != "delete"), default=None)
    drop = set()
    for index, keep_for in ((last_old, "insert"), (last_new, "delete")):
        if index is None:
            continue
        if index == last_old == last_new or chars[index][0] != "equal":
            drop.add(index)
        else:  # shared with the other side, where it is not the last character
            chars[index][0] = keep_for
    out: list[tuple[str, str]] = []
    for i, (op, ch) in enumerate(chars):
        if i not in drop:
            _add(out, op, ch)
    return out


def _add(ops: list, op: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1][0] == op:
        ops[-1] = (op, ops[-1][1] + text)
    else:
        ops.append((op, text))


def _tidy(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op, text in ops:
        _add(out, op, text)
    return out


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Each section of either version, in the newer version's order (removed ones where they
    stood): {"key", "heading", "status", "ops"}."""
    before = {s["key"]: s for s in old}
    after = {s["key"]: s for s in new}
    keys = list(after)
    for index, s in enumerate(old):
        if s["key"] not in after:
            # Put a removed section after the section that preceded it in the old version.
            prev = next((o["key"] for o in reversed(old[:index]) if o["key"] in keys), None)
            keys.insert(keys.index(prev) + 1 if prev else 0, s["key"])
    out = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        if a is None:
            status = ADDED
        elif b is None:
            status = REMOVED
        else:
            status = SAME if (a["text"], a["heading"]) == (b["text"], b["heading"]) else CHANGED
        out.append(
            {
                "key": key,
                "heading": (b or a)["heading"],
                "old_heading": a["heading"] if a and b and a["heading"] != b["heading"] else "",
                "status": status,
                "ops": text_ops(a["text"] if a else "", b["text"] if b else ""),
            }
        )
    return out


def ops_html(ops: list[tuple[str, str]]) -> SafeString:
    """The changes as escaped HTML: deletions in <del>, insertions in <ins>."""
    parts = []
    for op, text in ops:
        body = escape(text).replace("\n", "<br>")
        if op == "insert":
            parts.append(f'<ins class="diff-ins">{body}</ins>')
        elif op == "delete":
            parts.append(f'<del class="diff-del">{body}</del>')
        else:
            parts.append(body)
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
