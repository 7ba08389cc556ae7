"""Copied passages between Chinese texts, as pure functions.

Everything here works on *compacted* text (`core.text.compact_map`: simplified characters, half
width, lower case, no punctuation or spaces), so that touching up punctuation, retyping in full
width or converting to traditional characters does not hide a copy; the positions found are
mapped back to the original text afterwards (`Passage.original`).

- `compare(a, b, ignore)`: the maximal common runs of two texts. Every K-character window of
  `b` is indexed; `a` is scanned for windows found there and each hit is extended greedily to
  the longest common run. Runs are cut where they cross boilerplate, runs separated by a few
  changed characters on both sides are merged into one passage, and passages shorter than
  MIN_PASSAGE characters are dropped. Score = shared characters / characters of the shorter
  text.
- `boilerplate(frequency, documents)`: the stock phrases of a corpus. Party documents share
  set phrases ("以习近平新时代中国特色社会主义思想为指导", "增强'四个意识'…"): a K-gram found
  in more than BOILERPLATE_SHARE of the materials compared together, and in at least
  BOILERPLATE_MIN_DOCS of them, is treated as such and never counts as shared text. Below
  BOILERPLATE_MIN_DOCS materials nothing is boilerplate: with four plans, four identical
  passages are more likely copied than standard.
- `find_matches(queries, pool, …)`: which pairs to compare at all. An inverted index of the
  queries' K-grams over the pool gives, for each query, the materials sharing K-grams with it;
  only those sharing enough to possibly reach the threshold are compared in full, so a new
  material is not compared character by character with hundreds of others.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

# Window length of the index: 8 characters are rarely shared by chance in Chinese prose.
K = 8
# A passage must share at least this many characters to count (about one short clause).
MIN_PASSAGE = 12
# Runs separated by at most this many changed characters on both sides form one passage (a
# word replaced, a name swapped).
MAX_GAP = 6
# Stock phrases: K-grams in more than 40 % of the materials compared together (and in at least
# five of them) are ignored. 40 % rather than less, because a template copied by a third of the
# units is exactly what the check should show; set phrases of party documents are in nearly all.
BOILERPLATE_SHARE = 0.4
BOILERPLATE_MIN_DOCS = 5
# At most this many places of `b` are tried for one window of `a` (repetitive text).
MAX_POSITIONS = 32


@dataclass(frozen=True)
class Passage:
    """A shared passage in compact coordinates (ends exclusive); `length` counts the shared
    characters, without the changed ones between merged runs."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    length: int
    runs: tuple[tuple[int, int, int], ...] = field(default=(), compare=False, repr=False)

    def original(self, offsets_a: list[int], offsets_b: list[int]) -> dict:
        """The passage over the original texts, as stored in `CopyMatch.passages`."""
        return {
            "a": [offsets_a[self.a_start], offsets_a[self.a_end - 1] + 1],
            "b": [offsets_b[self.b_start], offsets_b[self.b_end - 1] + 1],
            "length": self.length,
        }

    def swapped(self) -> "Passage":
        return Passage(
            self.b_start,
            self.b_end,
            self.a_start,
            self.a_end,
            self.length,
            tuple((j, i, n) for i, j, n in self.runs),
        )


@dataclass(frozen=True)
class Comparison:
    score: float  # 0–1
    shared: int
    passages: tuple[Passage, ...]

    def swapped(self) -> "Comparison":
        passages = sorted((p.swapped() for p in self.passages), key=lambda p: p.a_start)
        return Comparison(self.score, self.shared, tuple(passages))


def grams(text: str) -> set[str]:
    """The distinct K-character windows of a compacted text."""
    return {text[i : i + K] for i in range(len(text) - K + 1)}


def boilerplate(frequency: Mapping[str, int], documents: int) -> frozenset[str]:
    """The K-grams of `frequency` (K-gram → number of materials containing it) that are stock
    phrases in a corpus of `documents` materials."""
    if documents < BOILERPLATE_MIN_DOCS:
        return frozenset()
    limit = BOILERPLATE_SHARE * documents
    return frozenset(g for g, n in frequency.items() if n > limit and n >= BOILERPLATE_MIN_DOCS)


def _runs(a: str, b: str, ignore: frozenset[str]) -> list[tuple[int, int, int]]:
    """Greedy maximal common runs (i in a, j in b, length), in the order of `a`, disjoint in
    `a`."""
    index: dict[str, list[int]] = {}
    for j in range(len(b) - K + 1):
        gram = b[j : j + K]
        if gram in ignore:
            continue
        places = index.setdefault(gram, [])
        if len(places) < MAX_POSITIONS:
            places.append(j)
    runs = []
    n, m, i = len(a), len(b), 0
    while i <= n - K:
        places = index.get(a[i : i + K])
        if not places:
            i += 1
            continue
        best_j, best = places[0], 0
        for j in places:
            length = K
            while i + length < n and j + length < m and a[i + length] == b[j + length]:
                length += 1
            if length > best:
                best_j, best = j, length
        runs.append((i, best_j, best))
        i += best
    return runs


def _stock_mask(text: str, ignore: frozenset[str]) -> bytearray:
    """1 for each character of `text` inside an occurrence of a stock K-gram."""
    mask = bytearray(len(text))
    if ignore:
        for i in range(len(text) - K + 1):
            if text[i : i + K] in ignore:
                mask[i : i + K] = b"\x01" * K
    return mask


def _cut(runs, mask: bytearray):
    """The runs with their stock characters taken out; pieces shorter than K are dropped."""
    out = []
    for i, j, length in runs:
        start = None
        for k in range(length + 1):
            inside = k < length and not mask[i + k]
            if inside and start is None:
                start = k
            elif not inside and start is not None:
                if k - start >= K:
                    out.append((i + start, j + start, k - start))
                start = None
    return out


def _merge(runs) -> list[Passage]:
    passages: list[list] = []
    for i, j, length in runs:
        if passages:
            last = passages[-1]
            gap_a, gap_b = i - last[1], j - last[3]
            if 0 <= gap_a <= MAX_GAP and 0 <= gap_b <= MAX_GAP:
                last[1], last[3] = i + length, j + length
                last[4] += length
                last[5].append((i, j, length))
                continue
        passages.append([i, i + length, j, j + length, length, [(i, j, length)]])
    return [
        Passage(p[0], p[1], p[2], p[3], p[4], tuple(p[5])) for p in passages if p[4] >= MIN_PASSAGE
    ]


def _covered(intervals: Iterable[tuple[int, int]]) -> int:
    total, end = 0, -1
    for start, stop in sorted(intervals):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


def compare(a: str, b: str, ignore: frozenset[str] = frozenset()) -> Comparison:
    """The passages two compacted texts share, stock K-grams (`ignore`) left out."""
    if len(a) < K or len(b) < K:
        return Comparison(0.0, 0, ())
    runs = _runs(a, b, ignore)
    if ignore:
        runs = _cut(runs, _stock_mask(a, ignore))
    passages = _merge(runs)
    if not passages:
        return Comparison(0.0, 0, ())
    kept = [run for p in passages for run in p.runs]
    shared = min(
        _covered((i, i + n) for i, _j, n in kept), _covered((j, j + n) for _i, j, n in kept)
    )
    score = min(1.0, shared / min(len(a), len(b)))
    return Comparison(round(score, 4), shared, tuple(passages))


# --- Which pairs to compare ------------------------------------------------------------------


def candidate_floor(threshold: float, shorter: int) -> int:
    """The fewest distinct K-grams two texts must share to possibly reach `threshold`: shared
    text of T × shorter characters holds at least one K-gram per K characters even when cut
    into the shortest runs; half of that leaves room for repeated windows."""
    return max(2, int(threshold * shorter / (2 * K)))


def find_matches(
    queries: Iterable[int],
    pool: Mapping[int, str],
    *,
    eligible: Callable[[int, int], bool],
    threshold: float,
) -> dict[tuple[int, int], Comparison]:
    """Compare each query (ids of `pool`) with the rest of the pool where `eligible(query,
    other)`; the pairs reaching `threshold`, keyed (lower id, higher id), with passages' `a`
    on the lower id. The pool also serves to find the stock phrases."""
    query_grams = {q: grams(pool[q]) for q in queries}
    wanted = set().union(*query_grams.values()) if query_grams else set()
    postings: dict[str, list[int]] = defaultdict(list)
    for pid, text in pool.items():
        for gram in grams(text) & wanted:
            postings[gram].append(pid)
    ignore = boilerplate({g: len(ids) for g, ids in postings.items()}, len(pool))
    results: dict[tuple[int, int], Comparison] = {}
    done: set[tuple[int, int]] = set()
    for q, own in query_grams.items():
        counts: Counter[int] = Counter()
        for gram in own - ignore:
            counts.update(postings[gram])
        for other, shared in counts.items():
            key = (min(q, other), max(q, other))
            if other == q or key in done or not eligible(q, other):
                continue
            if shared < candidate_floor(threshold, min(len(pool[q]), len(pool[other]))):
                continue
            done.add(key)
            comparison = compare(pool[key[0]], pool[key[1]], ignore)
            if comparison.passages and comparison.score >= threshold:
                results[key] = comparison
    return results


# --- Reading the result ----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？；!?;…\n]+")
_CLAUSE_END = re.compile(r"[。！？；!?;…\n，、,：:]+")
_TEXT_CHAR = re.compile(r"[^\W_]")


def sentences(text: str, *, clauses: bool = False) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` (split after 。！？；… and line breaks; with `clauses`,
    also after ，、：), without empty ones."""
    spans, start = [], 0
    for stop in (m.end() for m in (_CLAUSE_END if clauses else _SENTENCE_END).finditer(text)):
        if text[start:stop].strip():
            spans.append((start, stop))
        start = stop
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def covered_sentences(text: str, ranges: Iterable[tuple[int, int]], share: float = 0.6) -> int:
    """How many sentences of `text` lie mostly (≥ `share` of their characters) inside the
    passages `ranges` (original coordinates): "n sentences copied"."""
    marked = bytearray(len(text))
    for start, stop in ranges:
        marked[start:stop] = b"\x01" * (stop - start)
    count = 0
    for start, stop in sentences(text):
        chars = [m.start() for m in _TEXT_CHAR.finditer(text, start, stop)]
        if len(chars) >= 4 and sum(marked[k] for k in chars) >= share * len(chars):
            count += 1
    return count


def segments(text: str, ranges: Iterable[tuple[int, int, int]]) -> list[tuple[str, int | None]]:
    """`text` cut into (piece, passage number or None) for highlighting; `ranges` are
    (start, end, number) in original coordinates and may overlap (the first one wins)."""
    owner: list[int | None] = [None] * len(text)
    for start, stop, number in sorted(ranges):
        for k in range(max(0, start), min(stop, len(text))):
            if owner[k] is None:
                owner[k] = number
    out: list[tuple[str, int | None]] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or owner[k] != owner[start]:
            out.append((text[start:k], owner[start]))
            start = k
    return out
