"""Word files of findings: the working paper and the finding list, generated through
documents.generation (stored with a hash, audited), opened with python-docx."""

from io import BytesIO

from django.urls import reverse
from docx import Document

from tests.findings.conftest import draft
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents.models import GeneratedDocument
from xuncha.findings import services, services_review
from xuncha.findings.services_judgment import save_judgment
from xuncha.findings.word import list_context, pdf_available


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def _confirm(ns, finding):
    services_review.submit(finding, actor=ns.member)
    services_review.approve(finding, actor=ns.deputy)
    services_review.confirm(finding, actor=ns.leader)


def test_the_working_paper_as_word(ns, as_user):
    finding = draft(
        ns,
        is_conduct=True,
        responsible_kind="individual",
        responsible_person="钱某",
        responsible_post="农机站站长",
        amount="360000.00",
    )
    services.add_evidence(finding, actor=ns.member, obj=ns.visit, note="台账不一致")
    save_judgment(
        finding,
        actor=ns.member,
        experience="tolerable",
        exploration="tolerable",
        purpose="tolerable",
        judgment="mistake",
        outcome="tolerance",
        experience_reason="首次推行",
        exploration_reason="无明确规定",
        purpose_reason="未谋私利",
        reasoning="主动纠正",
    )
    _confirm(ns, finding)
    response = as_user(ns.leader).get(reverse("findings:paper_file", args=[finding.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = _text(response.content)
    expected_texts = (
        "巡察工作底稿",
        "农机购置补贴发放不规范",
        "违反《中国共产党纪律处分条例》有关规定",
        "向不符合条件的12户发放",
        "360,000.00",
        "钱某（农机站站长）",
        "属于失误，建议容错免责",
        "城关镇农机站",
        "组长确认",
        "监督重点：聚焦群众身边",
    )
    for expected in expected_texts:
        assert expected in text, expected
    document = GeneratedDocument.objects.get()
    assert document.template == "findings_working_paper.docx"
    assert document.sha256 == response["X-Content-SHA256"]
    assert (
        AuditEvent.objects.filter(
            event_type=EventType.DOCUMENT_GENERATED, object_id=str(finding.pk)
        ).count()
        == 1
    )


def test_the_finding_list_groups_confirmed_papers_by_focus_area(ns, as_user):
    later = draft(ns, title="惠民资金公示不及时", focus_area=ns.focus)
    first = draft(ns, title="学习贯彻流于形式", focus_area=ns.focus_first)
    none = draft(ns, title="其他方面的问题", focus_area=None)
    unconfirmed = draft(ns, title="尚在起草的问题")
    for finding in (later, first, none):
        _confirm(ns, finding)
    context = list_context(ns.inspection)
    assert [g["heading"] for g in context["groups"]] == [
        "一、聚焦贯彻落实党的路线方针政策和党中央决策部署（1个）",
        "二、聚焦群众身边腐败问题和不正之风（1个）",
        "三、其他问题（1个）",
    ]
    response = as_user(ns.member).get(reverse("findings:list_file", args=[ns.inspection.pk]))
    assert response.status_code == 200
    text = _text(response.content)
    assert "甲一县农业农村局巡察发现问题清单" in text
    assert "1. 学习贯彻流于形式" in text and "2. 惠民资金公示不及时" in text
    assert unconfirmed.title not in text
    assert "（共3个问题）" in text


def test_pdf_when_available(ns, as_user):
    finding = draft(ns)
    response = as_user(ns.member).get(
        reverse("findings:paper_file", args=[finding.pk]), {"format": "pdf"}
    )
    assert response.status_code == 200
    if pdf_available():
        assert response.content.startswith(b"%PDF")
    else:
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
