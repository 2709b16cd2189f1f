"""Sample contexts: realistic Wuhan cases, one per template (documents.specs).

They feed the preview page, the tests and the benchmark, so they are full-length: long
facts, several pieces of evidence, and names with characters outside GB 2312 (堃, 喆,
䶮), which the prepared fonts lack and the full fonts must set.
"""

import datetime
from decimal import Decimal

from enterprises.credit_codes import credit_code_build

_REMEDY = {
    "reconsideration_body": "武汉市人民政府",
    "court": "武汉市江岸区人民法院",
}

_XINXIN = {
    "party_name": "武汉市鑫鑫源食品有限公司",
    "party_credit_code": credit_code_build("91", "420102", "MA4K3X5Y"),
    "party_address": "武汉市江岸区后湖街道金桥大道117号",
    "party_legal_representative": "陈堃",
}


def case_source_registration() -> dict:
    return {
        **_XINXIN,
        "party_phone": "027-82736415",
        "source_kind": "投诉举报",
        "source_reference": "12315平台工单 W2026112400318",
        "received_on": datetime.date(2026, 11, 24),
        "informant": "消费者刘女士（联系方式已登记，依法保密）",
        "clue_summary": (
            "举报人反映，其于2026年11月20日在当事人位于金桥大道的门店购买的“鑫鑫源”"
            "牌手工麻花（规格250克/袋）已超过标注的保质期，并提供了购物小票及商品照片。"
        ),
        "legal_basis": "《中华人民共和国行政处罚法》第五十四条第一款",
        "handling_opinion": "建议指派执法人员于十五个工作日内核查，视核查情况决定是否立案。",
        "registered_by": "张伟",
        "head_opinion": "同意核查。",
        "head_name": "陈静",
        "head_signed_on": datetime.date(2026, 11, 25),
    }


def case_filing_approval() -> dict:
    return {
        **_XINXIN,
        "case_title": "武汉市鑫鑫源食品有限公司涉嫌经营超过保质期食品案",
        "source_summary": "投诉举报（12315平台工单 W2026112400318），2026年11月24日登记",
        "facts_summary": (
            "2026年11月26日，执法人员对当事人经营场所进行现场检查，在货架上发现标注"
            "生产日期为2026年8月12日、保质期90日的“鑫鑫源”牌手工麻花共计37袋，"
            "已超过保质期，当事人涉嫌经营超过保质期的食品。"
        ),
        "legal_basis": (
            "《中华人民共和国行政处罚法》第五十四条第二款、"
            "《市场监督管理行政处罚程序规定》第十九条"
        ),
        "investigators": [
            {"name": "张伟", "credential_number": "42010019001"},
            {"name": "刘洋", "credential_number": "42010019002"},
        ],
        "proposed_by": "张伟",
        "proposed_on": datetime.date(2026, 11, 27),
        "division_opinion": "证据初步表明存在违法行为，属本局管辖，建议立案。",
        "division_head": "陈静",
        "head_opinion": "同意立案，由张伟、刘洋承办。",
        "head_name": "刘强",
        "approved_on": datetime.date(2026, 11, 27),
    }


def case_non_filing_approval() -> dict:
    return {
        "party_name": "武汉市洪山区喆喆便利店",
        "party_credit_code": credit_code_build("92", "420111", "MA7F2B1N"),
        "party_address": "武汉市洪山区珞喻路1037号",
        "party_legal_representative": "王喆",
        "case_title": "武汉市洪山区喆喆便利店涉嫌未按规定公示食品经营许可证案",
        "source_summary": "日常监督检查，2026年11月10日发现",
        "facts_summary": (
            "当事人在经营场所未在醒目位置悬挂食品经营许可证，检查当日即已改正，"
            "未造成危害后果，系初次违法。"
        ),
        "reasons": "违法行为轻微并及时改正，没有造成危害后果",
        "legal_basis": (
            "《中华人民共和国行政处罚法》第三十三条第一款、"
            "《市场监督管理行政处罚程序规定》第二十条"
        ),
        "proposed_by": "刘洋",
        "proposed_on": datetime.date(2026, 11, 18),
        "head_opinion": "同意不予立案，予以批评教育。",
        "head_name": "刘强",
        "approved_on": datetime.date(2026, 11, 19),
    }


def rectification_order() -> dict:
    return {
        **_XINXIN,
        "facts": (
            "于2026年11月26日在经营场所陈列、销售超过保质期的“鑫鑫源”牌手工麻花共计37袋"
        ),
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "legal_basis": (
            "《中华人民共和国行政处罚法》第二十八条第一款、"
            "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
        ),
        "rectification": (
            "立即下架并封存超过保质期的食品，对在售食品的保质期逐一清查，"
            "建立并落实临近保质期食品的检查和处理制度"
        ),
        "deadline": datetime.date(2026, 12, 4),
        "contact_person": "张伟",
        "contact_phone": "027-85775321",
    }


def penalty_notice() -> dict:
    return {
        **_XINXIN,
        "case_title": "武汉市鑫鑫源食品有限公司经营超过保质期食品案",
        "facts": (
            "当事人于2026年11月在其经营场所销售超过保质期的“鑫鑫源”牌手工麻花，"
            "经查，涉案食品共计37袋，货值金额人民币925.00元，违法所得人民币375.00元"
        ),
        "evidence": [
            "当事人营业执照复印件、法定代表人身份证明",
            "2026年11月26日现场笔录及现场照片",
            "涉案食品标签照片及进货单据",
            "对当事人法定代表人陈堃的询问笔录",
        ],
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "discretion": (
            "当事人积极配合调查，主动下架涉案食品，依据《湖北省市场监督管理行政处罚"
            "裁量权适用规则》，可以从轻处罚"
        ),
        "proposed_penalty": (
            "1．没收违法所得人民币375.00元；2．没收超过保质期的手工麻花37袋；"
            "3．罚款人民币50,000.00元"
        ),
        "hearing_right": False,
        "contact_person": "张伟",
        "contact_phone": "027-85775321",
        "bureau_address": "武汉市江岸区三阳路8号",
    }


def hearing_notice() -> dict:
    return {
        "party_name": "武汉市汉阳区恒泰机电设备有限公司",
        "party_address": "武汉市汉阳区龙阳大道57号",
        "party_legal_representative": "刘䶮",
        "case_title": "武汉市汉阳区恒泰机电设备有限公司使用未经定期检验的特种设备案",
        "request_received_on": datetime.date(2026, 11, 20),
        "hearing_at": datetime.datetime(2026, 12, 8, 9, 30),
        "hearing_place": "武汉市江岸区三阳路8号武汉市市场监督管理局三楼听证室",
        "public": True,
        "host": "李娜",
        "members": "孙磊、周敏",
        "clerk": "何静",
        "legal_basis": "《中华人民共和国行政处罚法》第六十四条",
        "contact_person": "李娜",
        "contact_phone": "027-85775306",
    }


def penalty_decision() -> dict:
    return {
        **_XINXIN,
        "case_title": "武汉市鑫鑫源食品有限公司经营超过保质期食品案",
        "filed_on": datetime.date(2026, 11, 27),
        "facts": (
            "2026年11月26日，本局执法人员根据投诉举报对当事人位于武汉市江岸区金桥大道"
            "117号的经营场所进行检查，发现当事人在售货架上陈列、销售标注生产日期为"
            "2026年8月12日、保质期90日的“鑫鑫源”牌手工麻花（规格250克/袋）共计37袋，"
            "已超过保质期。经查，当事人自2026年11月10日起销售上述食品，共购进60袋，"
            "进货价每袋15.00元，销售价每袋25.00元，已售出15袋，违法所得人民币375.00元；"
            "涉案食品货值金额人民币925.00元"
        ),
        "evidence": [
            "当事人营业执照复印件、法定代表人身份证明，证明当事人的主体资格",
            "2026年11月26日现场笔录及现场照片，证明当事人在售涉案食品的事实",
            "涉案食品标签照片、进货单据及销售记录，证明涉案食品的数量、货值和违法所得",
            "对当事人法定代表人陈堃的询问笔录，证明当事人对违法事实无异议",
        ],
        "violated_provision": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "notice_number": "武市监罚告〔2026〕87号",
        "notice_served_on": datetime.date(2026, 12, 1),
        "statement_summary": "当事人在法定期限内未提出陈述、申辩。",
        "discretion": (
            "鉴于当事人积极配合调查，主动下架涉案食品，依据《中华人民共和国行政处罚法》"
            "第三十二条第（五）项的规定，本局决定对其从轻处罚。"
        ),
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
        "penalties": [
            "没收违法所得人民币375.00元",
            "没收超过保质期的“鑫鑫源”牌手工麻花37袋",
            "罚款人民币50,000.00元",
        ],
        "fine_total": Decimal("50375.00"),
        "payment_method": (
            "持本决定书到湖北省非税收入收缴代理银行缴纳，或者通过“湖北政务服务网”"
            "电子缴款系统缴纳"
        ),
        **_REMEDY,
    }


def non_penalty_decision() -> dict:
    return {
        "party_name": "武汉市洪山区喆喆便利店",
        "party_credit_code": credit_code_build("92", "420111", "MA7F2B1N"),
        "party_address": "武汉市洪山区珞喻路1037号",
        "party_legal_representative": "王喆",
        "case_title": "武汉市洪山区喆喆便利店销售标签不符合规定的预包装食品案",
        "filed_on": datetime.date(2026, 10, 12),
        "facts": (
            "2026年10月9日，本局执法人员检查发现当事人销售的某品牌芝麻酱（规格300克/瓶）"
            "标签未标注生产者联系方式，共计6瓶，货值金额人民币108.00元。当事人系初次违法，"
            "检查当日即下架全部涉案商品并退回供货商，未造成危害后果"
        ),
        "evidence": [
            "现场笔录及现场照片",
            "涉案商品标签照片及进货凭证",
            "对当事人经营者王喆的询问笔录",
        ],
        "violated_provision": "《中华人民共和国食品安全法》第六十七条第一款",
        "reasons": "当事人初次违法且危害后果轻微并及时改正",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "rectification": "当事人应当严格落实进货查验制度，不得再销售标签不符合规定的食品。",
        **_REMEDY,
    }


def service_receipt() -> dict:
    return {
        **_XINXIN,
        "served_documents": [
            {"title": "行政处罚决定书", "number": "武市监处罚〔2026〕112号"},
        ],
        "service_address": "武汉市江岸区后湖街道金桥大道117号",
        "service_method": "直接送达",
        "legal_basis": (
            "《中华人民共和国行政处罚法》第六十一条、《中华人民共和国民事诉讼法》"
            "有关送达的规定"
        ),
        "served_by": "张伟、刘洋",
        "recipient": "陈堃（法定代表人）",
        "remarks": "",
    }


def case_closure_approval() -> dict:
    return {
        **_XINXIN,
        "case_title": "武汉市鑫鑫源食品有限公司经营超过保质期食品案",
        "filed_on": datetime.date(2026, 11, 27),
        "decision_number": "武市监处罚〔2026〕112号",
        "decision_summary": (
            "没收违法所得人民币375.00元，没收超过保质期的手工麻花37袋，罚款人民币"
            "50,000.00元"
        ),
        "execution_summary": (
            "当事人已于2026年12月15日缴清罚没款人民币50,375.00元（缴款凭证附后），"
            "没收的涉案食品已于2026年12月16日依法销毁"
        ),
        "legal_basis": (
            "行政处罚决定已执行完毕（《中华人民共和国行政处罚法》第六十七条第三款）"
        ),
        "proposed_by": "张伟",
        "proposed_on": datetime.date(2026, 12, 17),
        "division_opinion": "同意结案。",
        "division_head": "陈静",
        "head_opinion": "同意结案，案卷归档。",
        "head_name": "刘强",
        "approved_on": datetime.date(2026, 12, 18),
    }


def licence_revocation_notice() -> dict:
    return {
        "party_name": "武汉市蔡甸区明珠调味品厂",
        "party_credit_code": credit_code_build("91", "420114", "MA4L8C2D"),
        "party_address": "武汉市蔡甸区常福工业园福康路6号",
        "party_legal_representative": "周昇",
        "licence_kind": "食品生产许可证",
        "licence_number": "SC10342011400387",
        "licence_product": "调味品（酱类）",
        "licence_issued_on": datetime.date(2025, 3, 18),
        "facts": (
            "你单位于2025年3月申请食品生产许可时，提交的生产场所租赁合同及检验设备"
            "购置发票系伪造，实际生产场所与申请材料不符，不具备相应的生产条件"
        ),
        "evidence": [
            "许可申请材料及现场核查记录",
            "出租方出具的情况说明及房屋产权证明",
            "发票开具单位出具的证明",
            "对你单位负责人周昇的询问笔录",
        ],
        "ground": "以欺骗、贿赂等不正当手段取得行政许可",
        "legal_basis": "《中华人民共和国行政许可法》第六十九条第二款",
        "statement_days": 5,
        "contact_person": "王芳",
        "contact_phone": "027-85775321",
        "bureau_address": "武汉市江岸区三阳路8号",
    }


def licence_revocation_decision() -> dict:
    return {
        "party_name": "武汉市蔡甸区明珠调味品厂",
        "party_credit_code": credit_code_build("91", "420114", "MA4L8C2D"),
        "party_address": "武汉市蔡甸区常福工业园福康路6号",
        "party_legal_representative": "周昇",
        "licence_kind": "食品生产许可证",
        "licence_number": "SC10342011400387",
        "licence_product": "调味品（酱类）",
        "licence_issued_on": datetime.date(2025, 3, 18),
        "facts": (
            "你单位于2025年3月申请食品生产许可时，提交的生产场所租赁合同及检验设备"
            "购置发票系伪造，实际生产场所与申请材料不符，不具备相应的生产条件"
        ),
        "evidence": [
            "许可申请材料及现场核查记录",
            "出租方出具的情况说明及房屋产权证明",
            "发票开具单位出具的证明",
            "对你单位负责人周昇的询问笔录",
        ],
        "ground": "你单位以欺骗手段取得食品生产许可",
        "statement_summary": (
            "本局已于2026年11月9日告知你单位拟撤销许可的事实、理由和依据，你单位在"
            "规定期限内未提出陈述、申辩。"
        ),
        "legal_basis": "《中华人民共和国行政许可法》第六十九条第二款",
        **_REMEDY,
    }


def licence_cancellation_notice() -> dict:
    return {
        "party_name": "武汉市江夏区金口粮油加工厂",
        "party_credit_code": credit_code_build("91", "420115", "MA4J6P0Q"),
        "party_address": "武汉市江夏区金口街道金水大道88号",
        "facts": "你单位已于2026年10月30日依法办理注销登记",
        "ground": "属于法人或者其他组织依法终止的情形",
        "legal_basis": "《中华人民共和国行政许可法》第七十条第（三）项",
        "licences": [
            {
                "number": "SC10142011500219",
                "kind": "食品生产许可证",
                "product": "粮食加工品（大米）",
                "valid_until": datetime.date(2027, 6, 14),
            },
            {
                "number": "SC10242011500220",
                "kind": "食品生产许可证",
                "product": "食用油、油脂及其制品",
                "valid_until": datetime.date(2027, 6, 14),
            },
        ],
        **_REMEDY,
    }


_REFERRAL_NAMES = [
    "恒泰电缆", "长江线缆", "楚天建材", "汉江水泥", "鑫达化工", "华中包装", "江城钢筋",
    "东湖电器", "光谷机电", "金桥化肥", "天河纸业", "武钢配套", "盘龙城建材", "黄鹤电线",
    "三镇化工", "汉正包装", "晴川机械", "晨鸣纸制品", "龟山建材", "珞珈电器",
]  # fmt: skip
_REFERRAL_PRODUCTS = [
    ("06-014", "电线电缆"),
    ("05-001", "建筑用钢筋"),
    ("04-001", "水泥"),
    ("13-006", "危险化学品"),
    ("13-001", "化肥"),
    ("22-001", "食品用纸包装、容器"),
]
_REFERRAL_GROUNDS = [
    "企业已注销",
    "有效期届满未延续",
    "企业不再从事该产品生产",
]
_REFERRAL_DISTRICTS = [
    ("420102", "江岸区"),
    ("420104", "硚口区"),
    ("420105", "汉阳区"),
    ("420107", "青山区"),
    ("420111", "洪山区"),
    ("420112", "东西湖区"),
    ("420114", "蔡甸区"),
    ("420115", "江夏区"),
    ("420116", "黄陂区"),
    ("420117", "新洲区"),
]


def referral_licences(count: int) -> list[dict]:
    """`count` province-issued licences for the referral letter, all different."""
    licences = []
    for i in range(count):
        region, district = _REFERRAL_DISTRICTS[i % len(_REFERRAL_DISTRICTS)]
        code, product = _REFERRAL_PRODUCTS[i % len(_REFERRAL_PRODUCTS)]
        name = _REFERRAL_NAMES[i % len(_REFERRAL_NAMES)]
        suffix = (
            "" if i < len(_REFERRAL_NAMES) else f"第{i // len(_REFERRAL_NAMES) + 1}分"
        )
        licences.append(
            {
                "number": f"(鄂)XK{code}-{20417 + i * 7:05d}",
                "holder_name": f"武汉市{district}{name}有限公司{suffix}",
                "holder_credit_code": credit_code_build("91", region, f"MA4{i:05d}"),
                "product": product,
                "valid_until": datetime.date(2024 + i % 4, 1 + i % 12, 1 + i % 28),
                "ground": _REFERRAL_GROUNDS[i % len(_REFERRAL_GROUNDS)],
            }
        )
    return licences


def province_cancellation_referral() -> dict:
    licences = referral_licences(51)
    return {
        "recipient": "湖北省市场监督管理局",
        "subject": "关于提请注销51家企业工业产品生产许可证的函",
        "facts_summary": (
            "我局在2026年度许可证后续监管和企业登记信息比对中发现，下列51家企业已注销、"
            "许可证有效期届满未延续或者不再从事相关产品生产，其工业产品生产许可证均由"
            "贵局核发"
        ),
        "legal_basis": (
            "《中华人民共和国行政许可法》第七十条、《工业产品生产许可证管理条例》"
            "第三十一条"
        ),
        "licences": licences,
        "attachments": ["企业登记状态查询结果（51份）", "现场核查记录（12份）"],
        "contact_person": "王芳",
        "contact_phone": "027-85775288",
    }


def case_transfer_letter() -> dict:
    return {
        "recipient": "杭州市市场监督管理局",
        "subject_summary": "化妆品“线上净网、线下清源”网络监测",
        "party_name": "杭州美颜坊化妆品有限公司",
        "party_credit_code": credit_code_build("91", "330106", "MA2H4K7C"),
        "facts": "在其网店销售未经注册的特殊用途化妆品“祛斑美白精华霜”，涉嫌违反《化妆品监督管理条例》第十七条的规定",
        "platform_name": "武汉云集优选电子商务有限公司",
        "listing": "商品编号 680019944",
        "legal_basis": "《市场监督管理行政处罚程序规定》第十条、《网络交易监督管理办法》第三十五条",
        "materials": ["网页截图及电子数据提取笔录", "平台提供的经营者身份信息"],
        "contact_person": "张伟",
        "contact_phone": "027-85775288",
    }


def platform_disposal_notice() -> dict:
    return {
        "platform_name": "武汉云集优选电子商务有限公司",
        "platform_credit_code": credit_code_build("91", "420171", "MA49R7TK"),
        "platform_address": "武汉东湖新技术开发区光谷大道77号光谷金融港B18栋",
        "listings": [
            {
                "shop": "楚味滋补旗舰店",
                "listing": "商品编号 680012837",
                "product": "“御品堂”牌人参鹿鞭片",
                "problem": "宣称“七天根治前列腺炎”，涉嫌虚假宣传疾病治疗功能",
            },
            {
                "shop": "汉江源健康专营店",
                "listing": "商品编号 680019254",
                "product": "“汉江源”牌灵芝孢子粉胶囊",
                "problem": "未取得保健食品注册或者备案，标示保健功能",
            },
            {
                "shop": "光谷美妆小铺",
                "listing": "商品编号 680020731",
                "product": "“雪颜”美白祛斑霜",
                "problem": "特殊化妆品未取得注册证书，资质信息系伪造",
            },
        ],
        "violation_summary": (
            "上述商品信息涉嫌违反《中华人民共和国食品安全法》《化妆品监督管理条例》"
            "等法律、法规的规定"
        ),
        "legal_basis": (
            "《中华人民共和国电子商务法》第二十九条、《中华人民共和国食品安全法》"
            "第六十二条第二款、《网络交易监督管理办法》第三十四条"
        ),
        "measures": "删除、屏蔽商品信息，并对相关平台内经营者采取暂停服务",
        "deadline": datetime.date(2026, 12, 4),
        "evidence_note": (
            "以上网页已于2026年11月27日10时12分取证固定，"
            "证据文件SHA-256摘要前十六位为 3f9a1c0e77b24d58"
        ),
        "contact_person": "孙磊",
        "contact_phone": "027-85775342",
    }


def annual_work_report() -> dict:
    """The bureau's 2019 figures, as its summary reports them."""
    figures = [
        ("保健食品“百日行动”（2019）行政处罚", "55", "起", "带有该专项行动标记、当年作出行政处罚决定的案件（含简易程序）。"),
        ("线下清理产品", "1,600", "个", "当年线下清理检查中下架的产品数之和。"),
        ("线上清理违法产品信息、虚假资质信息", "5", "个", "当年核查确认已删除、屏蔽、下架的违法产品信息和虚假资质信息。"),
        ("依法处理互联网违法违规经营企业", "11", "家", "违法信息已清理或者被立案查处的平台内经营者和平台经营者。"),
        ("特种设备查处违法违规行为", "40", "起", "违法行为类型属特种设备领域、当年作出决定并认定违法的案件。"),
        ("关停小作坊", "422", "户", "当年登记的关停小作坊，每次关停计一户。"),
        ("依法撤销证书", "20", "份", "当年作出撤销行政许可决定的许可证。"),
        ("生产许可证上报省局注销", "51", "份", "当年制发的上报省局注销函所列的许可证。"),
    ]  # fmt: skip
    return {
        "recipient": "武汉市人民政府",
        "subject": "武汉市市场监督管理局关于2019年度食品药品安全和特种设备、工业产品安全工作情况的报告",
        "year": 2019,
        "opening": (
            "2019年，我局认真贯彻落实总局、省局工作部署，全面加强食品药品安全和特种设备、"
            "工业产品安全监管。现将全年主要工作数据报告如下"
        ),
        "sections": [
            {
                "heading": "一、食品药品安全",
                "text": "保健食品“百日行动”（2019）行政处罚55起；线下清理产品1,600个；线上清理违法产品信息、虚假资质信息5个；依法处理互联网违法违规经营企业11家。",
            },
            {"heading": "二、特种设备安全", "text": "特种设备查处违法违规行为40起。"},
            {
                "heading": "三、生产环节安全",
                "text": "关停小作坊422户；依法撤销证书20份；生产许可证上报省局注销51份。",
            },
        ],  # fmt: skip
        "figures": [
            {"label": label, "value": value, "unit": unit, "definition": definition}
            for label, value, unit, definition in figures
        ],
        "campaign_rows": [
            {
                "campaign": "保健食品“百日行动”（2019）",
                "sector": "保健食品",
                "count": 55,
            },
            {
                "campaign": "医疗器械“清网行动”（2019）",
                "sector": "网络交易",
                "count": 4,
            },
        ],
        "fines_imposed": Decimal("2836500.00"),
        "fines_collected": Decimal("2617300.00"),
        "compiled_on": datetime.date(2020, 1, 15),
        "contact_person": "刘强",
        "contact_phone": "027-85775288",
    }
