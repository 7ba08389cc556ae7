"""What each template of `build_templates` is called, what it receives, and sample data to fill
it with: the template page lists the variables for an office editing its own version, and an
uploaded version is tried on the sample before it is accepted. Document data, in Chinese."""

from xuncha.documents.sandbox import Image

TITLES = {
    "authorization.docx": "巡察组组长授权书",
    "pledge.docx": "巡察工作人员保密承诺书",
    "evaluation_letter.docx": "巡察工作人员表现情况函",
    "fieldwork_notice.docx": "巡察通知",
    "fieldwork_announcement.docx": "巡察公告",
    "fieldwork_problem_list.docx": "巡察组每日问题清单",
    "fieldwork_dossier.docx": "被巡察单位基本情况",
}

VARIABLES = {
    "authorization.docx": {
        "document_number": "发文字号，如“甲一县委巡授〔2026〕3号”",
        "authority": "党委名称，如“中共甲一县委”",
        "leader": "组长姓名",
        "round": "轮次名称",
        "team": "巡察组名称",
        "targets": "被巡察单位，多个以顿号分隔",
        "period": "进驻时间段",
        "signer": "署名机关",
        "issued_on": "成文日期",
    },
    "pledge.docx": {
        "cadre": "承诺人姓名",
        "unit": "工作单位",
        "post": "职务",
        "round": "轮次名称",
        "team": "巡察组名称",
        "role": "在组内担任的职务",
        "lines": "承诺内容，每段一项（列表）",
        "signed_on": "签署日期",
    },
    "evaluation_letter.docx": {
        "authority_mark": "发文机关标志",
        "document_number": "发文字号",
        "authority": "党委名称",
        "cadre": "被评价人姓名",
        "post": "单位及职务",
        "home_unit": "主送单位（所在单位）",
        "period": "参加巡察的时间段",
        "round": "轮次名称",
        "team": "巡察组名称",
        "role": "在组内担任的职务",
        "targets": "参与巡察的单位",
        "grade": "评定等次",
        "comments": "主要表现，每段一项（列表）",
        "signer": "署名机关",
        "evaluated_on": "成文日期",
    },
    "fieldwork_notice.docx": {
        "authority_mark": "发文机关标志",
        "document_number": "发文字号",
        "title": "标题",
        "addressee": "主送机关",
        "lines": "正文，每段一项（列表）",
        "signer": "署名机关",
        "issued_on": "成文日期",
    },
    "fieldwork_announcement.docx": {
        "title": "标题",
        "authority": "党委名称",
        "team": "巡察组名称",
        "target": "被巡察单位",
        "period": "进驻时间段",
        "scope": "受理范围，每段一项（列表）",
        "closes_on": "受理截止日期",
        "hours": "接待时间",
        "contacts": "联系方式，每行一项（列表）",
        "public_url": "公告网页地址（可为空）",
        "qr": "公告网页二维码图片（可为空）",
        "signer": "署名",
        "published_on": "发布日期",
    },
    "fieldwork_problem_list.docx": {
        "title": "标题",
        "inspection": "轮次、巡察组和被巡察单位",
        "day": "日期",
        "groups": "按小组分列的问题（列表，每项含 name 和 problems；problems 每项含 n、"
        "summary、detail、sources、corroborated）",
        "total": "问题总数",
        "drafted_by": "整理人",
    },
    "fieldwork_dossier.docx": {
        "title": "标题",
        "inspection": "轮次、巡察组和被巡察单位",
        "profile": "单位概况（列表）",
        "leadership": "领导班子成员（列表）",
        "earlier": "以往巡察情况（列表）",
        "answers": "有关部门提供的情况（列表，每项含 heading、lines、files、answered_on）",
        "petition_line": "信访举报情况",
        "made_on": "制表日期",
    },
}


def _qr() -> Image:
    from io import BytesIO

    import segno

    out = BytesIO()
    segno.make("https://xuncha.example.gov.cn/public/12/", error="m").save(
        out, kind="png", scale=8, border=2
    )
    return Image(out.getvalue(), 30)


_AUTHORITY = "中共甲一县委"
_ROUND = "甲一县委2026年第一轮巡察"
_TEAM = "第一巡察组"

SAMPLES = {
    "authorization.docx": lambda: {
        "document_number": "甲一县委巡授〔2026〕3号",
        "authority": _AUTHORITY,
        "leader": "张建国",
        "round": _ROUND,
        "team": _TEAM,
        "targets": "甲一县农业农村局、甲一县水利局",
        "period": "2026年3月2日至4月17日",
        "signer": "中共甲一县委巡察工作领导小组",
        "issued_on": "2026年2月26日",
    },
    "pledge.docx": lambda: {
        "cadre": "王志强",
        "unit": "甲二县委办公室",
        "post": "科员",
        "round": _ROUND,
        "team": _TEAM,
        "role": "组员",
        "lines": [
            "一、严守巡察工作秘密，不泄露巡察工作中知悉的问题线索、谈话内容和信访举报。",
            "二、不接受被巡察单位及其工作人员的宴请和礼品礼金。",
            "三、巡察工作结束后按规定移交、清退全部工作资料。",
        ],
        "signed_on": "2026年3月1日",
    },
    "evaluation_letter.docx": lambda: {
        "authority_mark": "中共甲一县委巡察工作领导小组办公室",
        "document_number": "甲一县委巡办函〔2026〕　号",
        "authority": _AUTHORITY,
        "cadre": "王志强",
        "post": "甲二县委办公室科员",
        "home_unit": "甲二县委办公室",
        "period": "2026年3月2日至4月17日",
        "round": _ROUND,
        "team": _TEAM,
        "role": "组员",
        "targets": "甲一县农业农村局",
        "grade": "优秀",
        "comments": [
            "政治站位高，敢于较真碰硬。",
            "作风扎实，严守纪律，按时完成谈话记录和底稿整理。",
        ],
        "signer": "中共甲一县委巡察工作领导小组办公室",
        "evaluated_on": "2026年4月30日",
    },
    "fieldwork_notice.docx": lambda: {
        "authority_mark": "中共甲一县委巡察工作领导小组办公室",
        "document_number": "甲一县委巡办发〔2026〕5号",
        "title": "关于第一巡察组对甲一县农业农村局开展巡察的通知",
        "addressee": "中共甲一县农业农村局党组",
        "lines": [
            "根据县委巡察工作统一部署，县委第一巡察组将于2026年3月2日至4月17日对你单位党组织"
            "开展常规巡察。",
            "巡察组组长：张建国；副组长：李红梅。巡察期间设值班电话0371-12345678，"
            "专用邮政信箱甲一县邮政局第12号信箱。",
            "请你单位做好配合工作，于3月2日上午召开巡察工作动员会。",
        ],
        "signer": "中共甲一县委巡察工作领导小组办公室",
        "issued_on": "2026年2月20日",
    },
    "fieldwork_announcement.docx": lambda: {
        "title": "第一巡察组公告",
        "authority": _AUTHORITY,
        "team": "县委第一巡察组",
        "target": "甲一县农业农村局",
        "period": "2026年3月2日至4月17日",
        "scope": [
            "主要受理反映甲一县农业农村局领导班子及其成员、下一级党组织主要负责人和重要岗位"
            "领导干部问题的来信来电来访。",
            "重点是违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律等方面的问题。",
        ],
        "closes_on": "2026年4月12日",
        "hours": "工作日8:30—17:30",
        "contacts": ["值班电话：0371-12345678", "邮政信箱：甲一县邮政局第12号信箱"],
        "public_url": "https://xuncha.example.gov.cn/public/12/",
        "qr": _qr(),
        "signer": "县委第一巡察组",
        "published_on": "2026年3月2日",
    },
    "fieldwork_problem_list.docx": lambda: {
        "title": "第一巡察组问题清单（2026年3月10日）",
        "inspection": "甲一县委2026年第一轮巡察 第一巡察组 甲一县农业农村局",
        "day": "2026年3月10日",
        "groups": [
            {
                "name": "党建和干部人事组",
                "problems": [
                    {
                        "n": 1,
                        "summary": "“三会一课”记录存在补记现象",
                        "detail": "2025年第二、三季度支部委员会记录笔迹、墨迹一致，疑为集中补记。",
                        "sources": "谈话（陈明）、查阅会议记录",
                        "corroborated": True,
                    }
                ],
            },
            {
                "name": "财务审计组",
                "problems": [
                    {
                        "n": 2,
                        "summary": "会议费拆分报销",
                        "detail": "",
                        "sources": "查阅2025年会计凭证",
                        "corroborated": False,
                    }
                ],
            },
        ],
        "total": 2,
        "drafted_by": "王志强",
    },
    "fieldwork_dossier.docx": lambda: {
        "title": "甲一县农业农村局基本情况",
        "inspection": "甲一县委2026年第一轮巡察 第一巡察组",
        "profile": ["内设机构8个，下属事业单位3个，编制62名，实有在编人员58名。"],
        "leadership": ["陈明，党组书记、局长", "刘芳，党组成员、副局长"],
        "earlier": ["甲一县委2021年第二轮巡察，第三巡察组，2021年6月1日至2021年7月10日"],
        "answers": [
            {
                "heading": "县纪委监委：党员干部违纪违法情况",
                "lines": ["近三年该单位受党纪政务处分2人。"],
                "files": "处分情况统计表.xlsx",
                "answered_on": "2026年2月25日",
            }
        ],
        "petition_line": "反映该单位的信访件共3件，详见信访登记簿。",
        "made_on": "2026年2月28日",
    },
}
