"""What an individual outline is generated from (seed 002: "from their post, history and what
documents, petitions and questionnaires showed").

`candidates(interviewee, context)` lists the questions for one person, each with where it came
from: (a) the question bank by post; (b) the target dossier: answered information requests that
mention the person's name or post; (c) findings of requested documents, site visits and special
checks that mention them, and the person's own personal-matters check; (d) petitions about them;
(e) questionnaire questions flagged in the areas they answer for. The material of an inspection
is read once per generation run (`Material.load`), not once per person.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.urls import reverse

from xuncha.fieldwork.models import (
    Area,
    FieldVisit,
    InformationRequest,
    PersonalMattersCheck,
    RequestedDocument,
    SourceKind,
    SpecialCheck,
)
from xuncha.interviews import reference as ref
from xuncha.interviews.models import (
    Audience,
    Interviewee,
    Origin,
    PostCategory,
    QuestionBankItem,
)

EXCERPT_CHARS = 160
# A post shared by several people ("副局长") names none of them.
MIN_POST_CHARS = 3


@dataclass
class Candidate:
    key: str
    text: str
    origin: str
    source_kind: str = ""
    source_label: str = ""
    source_url: str = ""
    area: str = ""
    confidential: bool = False


# --- Sources written by other areas, imported lazily ------------------------------------------


def petition_points(inspection, *, name: str, post: str) -> list[dict]:
    """Points of petitions about the person: [{"text", "label", "url"}]."""
    from xuncha.petitions.selectors import petition_points as points

    return list(points(inspection, name=name, post=post))


def flagged_survey_questions(inspection) -> list[dict]:
    """Questionnaire questions above the flag threshold:
    [{"text", "area", "negative_share", "label", "url"}]."""
    from xuncha.surveys.selectors import flagged_questions

    return list(flagged_questions(inspection))


# --- Helpers -----------------------------------------------------------------------------------


def _digest(*parts) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:12]  # noqa: S324


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


_SENTENCE = re.compile(r"[^。！？；;!?\n]+[。！？；;!?]?")


def mentions(text: str, needles: list[str]) -> list[str]:
    """The sentences of `text` that name one of `needles`, each cut to a readable excerpt."""
    found = []
    for match in _SENTENCE.finditer(text or ""):
        sentence = match.group().strip()
        if sentence and any(n in sentence for n in needles):
            sentence = sentence.rstrip("。；;！？!?")
            if len(sentence) > EXCERPT_CHARS:
                sentence = sentence[: EXCERPT_CHARS - 1] + "…"
            found.append(sentence)
    return found


def _share(value) -> int:
    """A negative share as a whole percent, whether given as 0.35 or 35."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return round(number * 100 if number <= 1 else number)


@dataclass
class Material:
    """The inspection's records an outline may draw on, loaded once for many people."""

    inspection: object
    bank_items: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    personal: list = field(default_factory=list)
    flagged: list = field(default_factory=list)
    post_counts: dict = field(default_factory=dict)

    @classmethod
    def load(cls, inspection, *, surveys: bool = True) -> "Material":
        i = inspection
        posts: dict[str, int] = {}
        for post in Interviewee.objects.filter(inspection=i).values_list("post", flat=True):
            posts[post] = posts.get(post, 0) + 1
        return cls(
            inspection=i,
            bank_items=list(
                QuestionBankItem.objects.filter(
                    jurisdiction_id=i.round.jurisdiction_id, active=True
                )
            ),
            answers=list(
                InformationRequest.objects.filter(
                    inspection=i, status=InformationRequest.Status.ANSWERED
                ).exclude(answer="")
            ),
            documents=list(
                RequestedDocument.objects.filter(request__inspection=i)
                .exclude(findings="")
                .select_related("request")
            ),
            visits=list(FieldVisit.objects.filter(inspection=i).exclude(findings="")),
            checks=list(SpecialCheck.objects.filter(inspection=i).exclude(findings="")),
            personal=list(PersonalMattersCheck.objects.filter(inspection=i)),
            flagged=flagged_survey_questions(i) if surveys else [],
            post_counts=posts,
        )

    def needles(self, person: Interviewee) -> list[str]:
        out = [person.name]
        post = (person.post or "").strip()
        if len(post) >= MIN_POST_CHARS and self.post_counts.get(post, 0) <= 1:
            out.append(post)
        return out


# --- The questions of one person ------------------------------------------------------------


def _audiences(person: Interviewee) -> set[str]:
    # The principal leader gets questions of their own, not those put to the other members
    # (which ask about "your area in charge" and about the principal leader).
    if person.is_principal:
        return {Audience.PRINCIPAL}
    return {ref.CATEGORY_AUDIENCE[PostCategory(person.category)]}


def _fits(keywords: tuple[str, ...], post: str) -> bool:
    return not keywords or any(word in (post or "") for word in keywords)


def bank_candidates(person: Interviewee, material: Material) -> list[Candidate]:
    audiences = _audiences(person)
    area_order = {area: n for n, area in enumerate(Area.values)}
    rows = []
    for entry in ref.BUILTIN_BANK:
        if entry.audience in audiences and _fits(entry.keywords, person.post):
            rows.append((entry.area, 0, entry.key, entry.text, entry.audience))
    for item in material.bank_items:
        if item.audience in audiences and _fits(ref.split_keywords(item.keywords), person.post):
            rows.append((item.area, 1 + item.order, item.key, item.text, item.audience))
    rows.sort(key=lambda r: (0 if r[4] == Audience.PRINCIPAL else 1, area_order.get(r[0], 9), r[1]))
    return [
        Candidate(
            key=key,
            text=text,
            origin=Origin.BANK,
            source_kind=SourceKind.OTHER,
            source_label=f"谈话题库·{ref.AUDIENCE_NAMES.get(audience, '')}",
            area=area,
        )
        for area, _order, key, text, audience in rows
    ]


def general_candidates(jurisdiction_id: int) -> list[Candidate]:
    """The general outline: the bank's questions for everyone, built-in then the jurisdiction's."""
    area_order = {area: n for n, area in enumerate(Area.values)}
    rows = [(e.area, 0, e.key, e.text) for e in ref.BUILTIN_BANK if e.audience == Audience.GENERAL]
    rows += [
        (i.area, 1 + i.order, i.key, i.text)
        for i in QuestionBankItem.objects.filter(
            jurisdiction_id=jurisdiction_id, active=True, audience=Audience.GENERAL
        )
    ]
    rows.sort(key=lambda r: (area_order.get(r[0], 9), r[1]))
    return [
        Candidate(
            key=key,
            text=text,
            origin=Origin.BANK,
            source_kind=SourceKind.OTHER,
            source_label="谈话题库·共性问题",
            area=area,
        )
        for area, _order, key, text in rows
    ]


def material_candidates(person: Interviewee, material: Material) -> list[Candidate]:
    i = material.inspection
    needles = material.needles(person)
    out: list[Candidate] = []
    for answer in material.answers:
        partner = ref.PARTNER_NAMES.get(answer.partner, "有关部门")
        # What the discipline commission, police, procuratorate or petition bureau report may
        # be a lead: the interviewer keeps it rather than sending it ahead.
        confidential = answer.partner in ref.CONFIDENTIAL_PARTNERS
        for excerpt in mentions(answer.answer, needles):
            out.append(
                Candidate(
                    key=f"dossier:{answer.pk}:{_digest(excerpt)}",
                    origin=Origin.MATERIAL,
                    text=f"{partner}提供的情况反映：“{excerpt}”。请就有关情况作出说明。",
                    source_kind=SourceKind.DOSSIER,
                    source_label=f"{partner}复函：{answer.subject}",
                    source_url=_url("fieldwork:request", pk=answer.pk),
                    confidential=confidential,
                )
            )
    for doc in material.documents:
        for excerpt in mentions(doc.findings, needles):
            out.append(
                Candidate(
                    key=f"document:{doc.pk}:{_digest(excerpt)}",
                    origin=Origin.MATERIAL,
                    text=f"巡察组查阅“{doc.name}”时发现：“{excerpt}”。请说明有关情况。",
                    source_kind=SourceKind.DOCUMENT,
                    source_label=f"调阅资料：{doc.request.title}·{doc.name}",
                    source_url=_url("fieldwork:requested_document", pk=doc.pk),
                )
            )
    for visit in material.visits:
        for excerpt in mentions(visit.findings, needles):
            out.append(
                Candidate(
                    key=f"visit:{visit.pk}:{_digest(excerpt)}",
                    origin=Origin.MATERIAL,
                    text=f"巡察组在{visit.place}走访时了解到：“{excerpt}”。请说明有关情况。",
                    source_kind=SourceKind.VISIT,
                    source_label=f"实地走访：{visit.visited_on:%Y-%m-%d} {visit.place}",
                    source_url=_url("fieldwork:check", kind="visit", pk=visit.pk),
                )
            )
    for check in material.checks:
        for excerpt in mentions(check.findings, needles):
            out.append(
                Candidate(
                    key=f"check:{check.pk}:{_digest(excerpt)}",
                    origin=Origin.MATERIAL,
                    text=f"{check.title}中发现：“{excerpt}”。请说明有关情况。",
                    source_kind=SourceKind.CHECK,
                    source_label=f"专项检查：{check.title}",
                    source_url=_url("fieldwork:check", kind="special", pk=check.pk),
                )
            )
    for check in material.personal:
        if check.person.strip() != person.name.strip():
            continue
        consistent = check.result == PersonalMattersCheck.Result.CONSISTENT
        if consistent and not check.discrepancies.strip():
            continue
        finding = check.discrepancies.strip().rstrip("。") or "报告内容与核查结果不一致"
        out.append(
            Candidate(
                key=f"personal:{check.pk}:{_digest(finding)}",
                origin=Origin.MATERIAL,
                text=f"抽查你{check.report_year}年度个人有关事项报告，发现：{finding}。"
                "请说明有关情况及未如实报告的原因。",
                source_kind=SourceKind.CHECK,
                source_label=f"个人有关事项抽查：{check.report_year}年度",
                source_url=_url("fieldwork:check", kind="personal", pk=check.pk),
                confidential=True,
            )
        )
    for point in petition_points(i, name=person.name, post=person.post):
        text = str(point.get("text", "")).strip().rstrip("。")
        if not text:
            continue
        if not text.startswith(("有反映", "反映")):
            text = f"有反映{text}，请就有关问题说明情况"
        out.append(
            Candidate(
                key=f"petition:{_digest(point.get('url', ''), text)}",
                origin=Origin.MATERIAL,
                text=f"{text}。",
                source_kind=SourceKind.PETITION,
                source_label=str(point.get("label", ""))[:200],
                source_url=str(point.get("url", ""))[:300],
                confidential=True,
            )
        )
    areas = set(person.areas or [])
    for question in material.flagged:
        area = str(question.get("area", ""))
        text = str(question.get("text", "")).strip()
        if area not in areas or not text:
            continue
        scope = "分管工作" if person.category == PostCategory.LEADERSHIP else "本单位实际"
        out.append(
            Candidate(
                key=f"survey:{_digest(question.get('url', ''), text)}",
                origin=Origin.MATERIAL,
                text=f"问卷调查中，对“{text}”一题作否定性回答的占{_share(question.get('negative_share'))}%。"
                f"请结合{scope}，谈谈存在的问题、原因和改进措施。",
                source_kind=SourceKind.SURVEY,
                source_label=str(question.get("label", ""))[:200],
                source_url=str(question.get("url", ""))[:300],
                area=area,
            )
        )
    return out


def candidates(person: Interviewee, material: Material) -> list[Candidate]:
    """Every generated question of the person's individual outline, bank first."""
    seen: set[str] = set()
    out = []
    for c in bank_candidates(person, material) + material_candidates(person, material):
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out
