"""The project's text normalization (core.text), which the copied-text check compares on."""

import pytest

from xuncha.core.text import compact, compact_map, normalize, search_terms, simplified, tokens


def test_simplified_converts_traditional():
    assert simplified("黨風廉政建設") == "党风廉政建设"
    assert simplified("") == ""


def test_normalize_folds_width_case_and_spaces():
    assert normalize("ＡＢＣ　１２３") == "abc 123"
    assert normalize("  對照\t\n檢查  材料 ") == "对照 检查 材料"
    # Punctuation is kept by normalize (full-width forms folded by NFKC).
    assert normalize("问题：一是，二是！") == "问题:一是,二是!"


def test_compact_drops_punctuation_and_spaces():
    assert compact("“两个维护”，要坚决做到！") == "两个维护要坚决做到"
    assert compact("一、 理論學習（不夠）深入；") == "一理论学习不够深入"
    assert compact("Ｗｏｒｄ　文档 2024") == "word文档2024"
    assert compact("") == ""


def test_touch_ups_do_not_change_compact_text():
    plain = "对照检查材料，本人在理论学习方面存在差距。"
    touched = "對照檢查材料：本人在理論學習方面存在差距！！"
    widened = "对照检查材料 ，本人在理论学习方面存在差距 。"
    assert compact(plain) == compact(touched) == compact(widened)


def test_tokens_and_search_terms():
    assert "巡察" in tokens("开展巡察工作。")
    assert all(t.strip("，。") for t in tokens("开展巡察工作，发现问题。"))
    assert search_terms("  巡察  ＡＢ ") == ["巡察", "ab"]


@pytest.mark.parametrize(
    "text",
    [
        "黨的十九大勝利閉幕。ＡＢＣ１２３，“兩張皮”！\n㈠ 第一條",
        "一是理论学习不够深入；\r\n二是 担当作为不够。",
        "",
        "，。！",
    ],
)
def test_compact_map_is_compact_with_offsets(text):
    out, offsets = compact_map(text)
    assert out == compact(text)
    assert len(offsets) == len(out)
    assert offsets == sorted(offsets)
    for ch, at in zip(out, offsets, strict=True):
        # Each compact character comes from the original character it points at.
        assert ch in compact(text[at])


def test_compact_map_positions_slice_the_original():
    text = "甲：對照檢查，（一）理論學習不夠！"
    out, offsets = compact_map(text)
    start = out.index("理论")
    end = out.index("不够") + 2
    original = text[offsets[start] : offsets[end - 1] + 1]
    assert original == "理論學習不夠"
