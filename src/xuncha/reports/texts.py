"""The Chinese wording the reports are written in.

Report text is data, not interface: it goes into an official document whatever language the
reader's browser asks for, so the names of choices are Chinese literals here rather than the
translated labels of the models. (Leads and conduct judgments are worded by their own apps:
`leads.selectors.lead_summary`, `findings.services_judgment.judgment_text`.)
"""

_DIGITS = "零一二三四五六七八九"

ROUND_KIND = {
    "regular": "常规",
    "special": "专项",
    "mobile": "机动",
    "cross": "交叉",
    "elevated": "提级",
    "lookback": "“回头看”",
    "village": "村（社区）",
    "linked": "联动",
}

OTHER_AREA = "其他方面"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings rarely pass 99)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def area_heading(text: str) -> str:
    """A focus area as a heading of the problems part: "聚焦…" reads "…方面"."""
    text = text.strip().rstrip("。；;")
    if text.startswith("聚焦"):
        text = text[2:]
    return text if text.endswith("方面") else f"{text}方面"


def sentence(text: str) -> str:
    """The text ending with a full stop (or the mark it already ends with)."""
    text = text.strip()
    if not text or text[-1] in "。！？；：”）":
        return text
    return text.rstrip("，,;.") + "。"
