"""Splitting a pasted regulation into its articles on the 第…条 headings."""

from xuncha.knowledge.articles import split_articles

TEXT = """中国共产党巡视工作条例
（2015年8月3日中共中央发布）

第一章　总　则

第一条　为落实全面从严治党要求，规范巡视工作，
根据《中国共产党章程》，制定本条例。
第二条 党的中央和省、自治区、直辖市委员会实行巡视制度。
  党的市（地、州、盟）和县（市、区、旗）委员会建立巡察制度。

第二章 机构和人员
第二十九条有关纪律检查机关应当依照本条例第二十八条规定办理，并于3个月内反馈。
第一百零一条之一 附加条款。
"""


def test_headings_chapters_and_references():
    articles = split_articles(TEXT)
    assert [n for n, _t in articles] == ["第一条", "第二条", "第二十九条", "第一百零一条之一"]
    first, second, third, fourth = (t for _n, t in articles)
    # Lines of one article stay together, without the chapter headings or the title.
    assert first == "为落实全面从严治党要求，规范巡视工作，\n根据《中国共产党章程》，制定本条例。"
    assert second.splitlines() == [
        "党的中央和省、自治区、直辖市委员会实行巡视制度。",
        "党的市（地、州、盟）和县（市、区、旗）委员会建立巡察制度。",
    ]
    # A reference inside a sentence is not a heading; a heading may run into its text.
    assert third == "有关纪律检查机关应当依照本条例第二十八条规定办理，并于3个月内反馈。"
    assert fourth == "附加条款。"


def test_text_that_lost_its_line_breaks():
    text = "第一条 总的要求。第二条 具体要求；依照第一条执行。第三条　附则。"
    assert split_articles(text) == [
        ("第一条", "总的要求。"),
        ("第二条", "具体要求；依照第一条执行。"),
        ("第三条", "附则。"),
    ]


def test_full_width_digits_and_crlf():
    text = "第１条 甲。\r\n第２条 乙。\r\n"
    assert split_articles(text) == [("第1条", "甲。"), ("第2条", "乙。")]


def test_nothing_to_split():
    assert split_articles("") == []
    assert split_articles("本办法自发布之日起施行。") == []
    # A heading with no text is dropped.
    assert split_articles("第一条\n第二条 有内容") == [("第二条", "有内容")]
