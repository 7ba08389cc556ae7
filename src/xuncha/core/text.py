"""The project's Chinese text normalization: one place that makes two texts comparable.

`normalize` folds what differs without changing meaning: full-width forms and compatibility
characters (NFKC), traditional characters to simplified (OpenCC t2s), Latin case, and runs of
white space. `compact` also drops punctuation and spaces, for matching copied passages whose
punctuation was touched up. `tokens` segments with rjieba, for search and for word-level
comparison. Index and compare only normalized text.
"""

import re
import unicodedata
from functools import lru_cache

import opencc
import rjieba

_SPACE = re.compile(r"\s+")
# Punctuation and symbols of every script (Unicode categories P* and S*) and white space.
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (OpenCC t2s)."""
    return _converter().convert(text) if text else ""


def normalize(text: str) -> str:
    """NFKC, simplified, lower case, single spaces; punctuation kept."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = simplified(text).lower()
    return _SPACE.sub(" ", text).strip()


def compact(text: str) -> str:
    """`normalize`d text without punctuation or spaces: only letters, digits and characters."""
    return _NOT_TEXT.sub("", normalize(text))


def tokens(text: str) -> list[str]:
    """The words of the normalized text (rjieba), punctuation and spaces left out."""
    return [t for t in rjieba.cut(normalize(text)) if _NOT_TEXT.sub("", t)]


def search_terms(query: str) -> list[str]:
    """What a search box query matches on: its normalized, space-separated parts, each of
    which must occur (substring match over `normalize`d text works for Chinese without
    segmentation errors on short queries)."""
    return [part for part in normalize(query).split(" ") if part]


def compact_map(text: str) -> tuple[str, list[int]]:
    """`compact(text)` with, for each of its characters, the index in `text` it came from, so
    that a passage found in compacted text can be shown in the original one.

    Folds character by character (NFKC may turn one character into several, "㈠" → "(一)",
    all of which point back to it); OpenCC converts the whole string when that keeps its length
    (it does for t2s in practice, and phrase context then matches `compact`), else each
    character on its own.
    """
    if not text:
        return "", []
    chars: list[str] = []
    owners: list[int] = []
    for index, ch in enumerate(text):
        for folded in unicodedata.normalize("NFKC", ch):
            chars.append(folded)
            owners.append(index)
    folded = "".join(chars)
    converted = simplified(folded)
    if len(converted) != len(folded):
        converted = "".join(c if len(s := simplified(c)) != 1 else s for c in folded)
    out: list[str] = []
    offsets: list[int] = []
    for ch, owner in zip(converted, owners, strict=True):
        for low in ch.lower():
            if not _NOT_TEXT.match(low):
                out.append(low)
                offsets.append(owner)
    return "".join(out), offsets
