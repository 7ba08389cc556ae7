"""The comparison itself: pure functions over compacted text."""

from tests.copycheck.helpers import prose
from xuncha.copycheck import similarity as sim
from xuncha.core.text import compact, compact_map

BODY = (
    "一是理论学习不够深入。对习近平新时代中国特色社会主义思想学习不深不透，存在学用脱节的问题。"
    "二是担当作为不够。面对复杂局面和矛盾问题，有畏难情绪，工作推进缓慢。"
    "三是作风建设有差距。深入基层调查研究少，解决群众急难愁盼问题不够及时。"
)
STOCK = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    "增强四个意识、坚定四个自信、做到两个维护。"
)


def _cmp(a: str, b: str, ignore=frozenset()):
    return sim.compare(compact(a), compact(b), ignore)


def test_identical_texts_score_one():
    result = _cmp(BODY, BODY)
    assert result.score == 1.0
    assert result.shared == len(compact(BODY))
    assert len(result.passages) == 1


def test_touched_up_punctuation_and_width_still_match():
    touched = BODY.replace("。", "！").replace("，", " ; ").replace("一是", "１、一是")
    assert _cmp(BODY, touched).score >= 0.97


def test_traditional_copy_matches():
    traditional = (
        "一是理論學習不夠深入。對習近平新時代中國特色社會主義思想學習不深不透，存在學用脫節的問題。"
        "二是擔當作為不夠。面對複雜局面和矛盾問題，有畏難情緒，工作推進緩慢。"
        "三是作風建設有差距。深入基層調查研究少，解決群眾急難愁盼問題不夠及時。"
    )
    assert _cmp(BODY, traditional).score >= 0.95


def test_paragraph_copied_into_a_longer_text():
    longer = prose(1, 600) + BODY + prose(2, 600)
    a, offsets_a = compact_map(BODY)
    b, offsets_b = compact_map(longer)
    result = sim.compare(a, b)
    # Measured against the shorter text: all of it is in the other.
    assert result.score == 1.0
    (passage,) = result.passages
    stored = passage.original(offsets_a, offsets_b)
    start, end = stored["b"]
    assert longer[start:end].rstrip("。") == BODY.rstrip("。")
    assert stored["a"] == [0, len(BODY) - 1]  # the final 。 is not text


def test_positions_map_back_to_the_original_text():
    a_text = "问题清单：" + BODY
    b_text = "【整改】" + BODY.replace("。", "；").replace("理论", "理論") + "（完）"
    a, oa = compact_map(a_text)
    b, ob = compact_map(b_text)
    result = sim.compare(a, b)
    for passage in result.passages:
        stored = passage.original(oa, ob)
        piece_a = a_text[stored["a"][0] : stored["a"][1]]
        piece_b = b_text[stored["b"][0] : stored["b"][1]]
        assert compact(piece_a) == compact(piece_b)
        assert piece_a[0] not in "：，。" and piece_b[-1] not in "；（"


def test_small_edits_merge_into_one_passage():
    edited = BODY.replace("畏难情绪", "畏难心理").replace("工作推进缓慢", "工作进度缓慢")
    result = _cmp(BODY, edited)
    assert len(result.passages) == 1
    assert 0.9 <= result.score < 1.0
    # Merged, but the changed characters are not counted as shared.
    assert result.passages[0].length == result.shared < len(compact(BODY))


def test_short_common_phrases_do_not_count():
    a = prose(3) + "坚持以人民为中心" + prose(4)
    b = prose(5) + "坚持以人民为中心" + prose(6)
    result = _cmp(a, b)
    assert result.score == 0.0 and result.passages == ()


def test_unrelated_texts_score_about_zero():
    assert _cmp(prose(7, 3000), prose(8, 3000)).score <= 0.01
    assert _cmp(BODY, prose(9, 600)).score <= 0.01
    assert sim.compare("", "abc").score == 0.0


def test_boilerplate_is_ignored_given_the_corpus():
    # Ten materials open with the same stock paragraph; only 3 and 7 share their body.
    texts = {pk: STOCK + prose(100 + pk, 500) for pk in range(1, 11)}
    texts[7] = STOCK + BODY + prose(200, 100)
    texts[3] = STOCK + BODY + prose(201, 120)
    pool = {pk: compact(t) for pk, t in texts.items()}
    found = sim.find_matches(pool, pool, eligible=lambda a, b: True, threshold=0.3)
    assert set(found) == {(3, 7)}
    # The stock paragraph does not count as shared text, nor the body's quote from it ("习近平新
    # 时代中国特色社会主义思想"); the rest of the body does.
    shared = found[(3, 7)].shared
    assert len(compact(BODY)) - 40 <= shared < len(compact(BODY))
    passage = found[(3, 7)].passages[-1]
    assert passage.a_start > len(compact(STOCK))
    # Without the corpus the stock opening alone would make every pair share text.
    assert _cmp(texts[1], texts[2]).shared >= len(compact(STOCK)) - 1


def test_small_corpus_has_no_boilerplate():
    frequency = {"abcdefgh": 4}
    assert sim.boilerplate(frequency, 4) == frozenset()
    assert sim.boilerplate({"abcdefgh": 5, "bcdefghi": 2}, 10) == {"abcdefgh"}
    assert sim.boilerplate({"abcdefgh": 4}, 10) == frozenset()  # in 40 %, not more


def test_find_matches_respects_eligibility_and_threshold():
    pool = {
        1: compact(BODY + prose(11, 100)),
        2: compact(BODY + prose(12, 100)),
        3: compact(prose(13, 300) + BODY[:60]),
        4: compact(prose(14, 400)),
    }
    everything = sim.find_matches([1], pool, eligible=lambda a, b: True, threshold=0.1)
    assert set(everything) == {(1, 2), (1, 3)}
    # Keys are (lower, higher); passages' `a` is on the lower id.
    assert everything[(1, 3)].passages[0].a_start == 0
    only_1_3 = sim.find_matches([1], pool, eligible=lambda a, b: b != 2, threshold=0.1)
    assert set(only_1_3) == {(1, 3)}
    strict = sim.find_matches([1], pool, eligible=lambda a, b: True, threshold=0.45)
    assert set(strict) == {(1, 2)}
    both = sim.find_matches([1, 2], pool, eligible=lambda a, b: True, threshold=0.1)
    assert set(both) == {(1, 2), (1, 3), (2, 3)}


def test_candidate_floor_never_misses_a_pair_at_the_threshold():
    # Shared text cut into runs of exactly K characters by single changed characters.
    shared = prose(20, 2000)
    a = compact(shared)
    b = "".join(a[i : i + sim.K] + "X" for i in range(0, len(a), sim.K))
    result = sim.compare(a, b)
    assert result.score >= 0.9
    found = sim.find_matches([1], {1: a, 2: b}, eligible=lambda x, y: True, threshold=0.9)
    assert (1, 2) in found


def test_sentences_and_clauses():
    text = "一是学习不够。二是担当不足！\n三是作风不实；"
    assert [text[s:e] for s, e in sim.sentences(text)] == [
        "一是学习不够。",
        "二是担当不足！\n",
        "三是作风不实；",
    ]
    assert len(sim.sentences("甲，乙、丙。", clauses=True)) == 3
    assert sim.sentences("") == []


def test_segments_and_copied_sentences():
    text = "一是学习不够深入。二是担当作为不足。三是作风不够扎实。"
    first = (0, 9)
    second = (9, 18)
    pieces = sim.segments(text, [(*first, 1), (*second, 2), (3, 6, 3)])
    assert "".join(p for p, _n in pieces) == text
    assert [n for _p, n in pieces] == [1, 2, None]
    assert sim.covered_sentences(text, [first, second]) == 2
    assert sim.covered_sentences(text, [(0, 3)]) == 0
