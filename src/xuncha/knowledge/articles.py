"""Splitting the pasted full text of a regulation into its articles (条).

Offices copy regulations from the official gazette, a web page or a Word file: articles start
with "第X条" at the beginning of a line (Chinese or Arabic numerals, full-width digits allowed
and folded),
or, in text that lost its line breaks, right after the end of a sentence and followed by a space.
Chapter and section headings (第X章, 第X节, 第X编) are not part of any article and are dropped;
the title and preamble before the first article are left out. A reference inside a sentence
("依照本条例第二十九条规定") is not a heading.
"""

import re
import unicodedata

_NUMERAL = r"[零〇一二三四五六七八九十百千两\d]+"
# "第二十九条" or "第二十九条之一".
_HEADING = re.compile(
    rf"(?:^|(?<=[。；;]))[ \t\u3000]*(第{_NUMERAL}条(?:之[一二三四五六七八九十]+)?)"
    r"(?:[ \t\u3000]+|(?=\S))",
    re.MULTILINE,
)
_DIVISION = re.compile(
    rf"^[ \t\u3000]*第{_NUMERAL}[编章节](?:[ \t\u3000]+\S.{{0,40}})?[ \t\u3000]*$"
)


def _clean(body: str) -> str:
    lines = []
    for line in body.splitlines():
        line = line.strip(" \t\u3000")
        if not line or _DIVISION.match(line):
            continue
        lines.append(line)
    return "\n".join(lines)


def split_articles(text: str) -> list[tuple[str, str]]:
    """The articles of a regulation's full text as (number, text), in the order they appear."""
    if not text:
        return []
    # Only the numbers are folded (full-width digits): the text keeps its Chinese punctuation.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    headings = []
    for match in _HEADING.finditer(text):
        start = match.start(1)
        at_line_start = (
            start == 0
            or text[:start].rstrip(" \t\u3000").endswith("\n")
            or (text[:start].strip(" \t\u3000") == "")
        )
        # After a sentence's end a heading must be followed by a space: "。第二条 …".
        if not at_line_start and match.end() == match.end(1):
            continue
        headings.append(match)
    articles = []
    for i, match in enumerate(headings):
        end = headings[i + 1].start(1) if i + 1 < len(headings) else len(text)
        body = _clean(text[match.end() : end])
        if body:
            articles.append((unicodedata.normalize("NFKC", match.group(1)), body))
    return articles
