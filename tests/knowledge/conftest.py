"""A small library on the test tree: a regulation, an article, a case, a phrasing and a model
report kept by the province, city A, county A1, county A2, city B and county B1."""

from types import SimpleNamespace

import pytest

from xuncha.knowledge import services
from xuncha.knowledge import services_articles as article_services

UNITS = ("province", "city_a", "county_a1", "county_a2", "city_b", "county_b1")


def make_entries(unit, tag: str) -> SimpleNamespace:
    regulation = services.create_regulation(
        actor=None,
        owner=unit,
        title=f"{tag}巡察工作办法",
        level="local",
        issuer=f"{tag}委",
        summary=f"{tag}关于巡察工作的规定",
    )
    article = article_services.add_article(
        regulation, actor=None, number="第一条", text=f"{tag}巡察机构对所管理的党组织进行巡察监督。"
    )
    case = services.create_case(
        actor=None,
        owner=unit,
        title=f"{tag}违规发放津补贴案例",
        summary=f"{tag}某单位以加班补助名义违规发放补贴。",
        focus="聚焦群众身边腐败问题和不正之风",
        discipline="integrity",
        articles=[article],
    )
    wording = services.create_wording(
        actor=None,
        owner=unit,
        focus="聚焦群众身边腐败问题和不正之风",
        text=f"{tag}惠民惠农资金监管不力",
        basis="纪律处分条例",
    )
    report = services.create_model_report(
        actor=None,
        owner=unit,
        title=f"{tag}巡察报告范文",
        kind="inspection",
        text=f"{tag}一、基本情况和总体评价",
    )
    return SimpleNamespace(
        regulation=regulation, article=article, case=case, wording=wording, report=report
    )


TAGS = {
    "province": "省",
    "city_a": "甲市",
    "county_a1": "甲一县",
    "county_a2": "甲二县",
    "city_b": "乙市",
    "county_b1": "乙一县",
}


@pytest.fixture
def lib(tree):
    return SimpleNamespace(
        **{name: make_entries(getattr(tree, name), TAGS[name]) for name in UNITS}
    )
