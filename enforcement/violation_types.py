"""Violation types the bureau meets most, with the provisions they breach and that punish
them. Loaded by a data migration; administrators maintain them afterwards."""

VIOLATION_TYPES = [
    # code, name, sector, breached provision, penalty provision
    ("hf-false-claims", "保健食品虚假宣传", "health_food", "《中华人民共和国食品安全法》第七十三条", "《中华人民共和国食品安全法》第一百四十条"),
    ("hf-unregistered", "生产经营未经注册或备案的保健食品", "health_food", "《中华人民共和国食品安全法》第七十六条", "《中华人民共和国食品安全法》第一百二十四条第一款第（八）项"),
    ("hf-label", "保健食品标签、说明书不符合规定", "health_food", "《中华人民共和国食品安全法》第七十八条", "《中华人民共和国食品安全法》第一百二十五条第一款第（二）项"),
    ("hf-sales-meeting", "以会议营销等方式违法销售保健食品", "health_food", "《中华人民共和国食品安全法》第七十三条", "《中华人民共和国食品安全法》第一百四十条"),
    ("food-unlicensed", "未取得食品生产经营许可从事食品生产经营活动", "food_production", "《中华人民共和国食品安全法》第三十五条", "《中华人民共和国食品安全法》第一百二十二条"),
    ("food-substandard", "生产经营不符合食品安全标准的食品", "food_production", "《中华人民共和国食品安全法》第三十四条", "《中华人民共和国食品安全法》第一百二十四条"),
    ("food-expired", "经营超过保质期的食品", "food_trade", "《中华人民共和国食品安全法》第三十四条第（十）项", "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"),
    ("catering-hygiene", "餐饮服务未按规定履行食品安全义务", "catering", "《中华人民共和国食品安全法》第五十五条", "《中华人民共和国食品安全法》第一百二十六条"),
    ("se-unregistered", "特种设备未经使用登记擅自使用", "special_equipment", "《中华人民共和国特种设备安全法》第三十三条", "《中华人民共和国特种设备安全法》第八十四条第（一）项"),
    ("se-overdue-inspection", "使用未经定期检验或检验不合格的特种设备", "special_equipment", "《中华人民共和国特种设备安全法》第四十条", "《中华人民共和国特种设备安全法》第八十四条第（一）项"),
    ("se-uncertified-operator", "特种设备作业人员未取得相应资格", "special_equipment", "《中华人民共和国特种设备安全法》第十四条", "《中华人民共和国特种设备安全法》第八十六条第（二）项"),
    ("se-maintenance", "电梯未按规定进行维护保养", "special_equipment", "《中华人民共和国特种设备安全法》第四十五条", "《中华人民共和国特种设备安全法》第八十八条"),
    ("cos-unregistered", "经营未经注册或备案的化妆品", "cosmetics", "《化妆品监督管理条例》第十七条", "《化妆品监督管理条例》第五十九条"),
    ("cos-false-claims", "化妆品标签虚假或引人误解的宣传", "cosmetics", "《化妆品监督管理条例》第三十七条", "《化妆品监督管理条例》第六十一条"),
    ("cos-online-unlicensed", "网络销售化妆品未履行主体信息公示义务", "cosmetics", "《中华人民共和国电子商务法》第十五条", "《中华人民共和国电子商务法》第七十六条"),
    ("md-unregistered", "经营未取得注册证的医疗器械", "medical_devices", "《医疗器械监督管理条例》第五十五条", "《医疗器械监督管理条例》第八十一条"),
    ("md-online-unfiled", "网络销售医疗器械未按规定备案", "medical_devices", "《医疗器械监督管理条例》第四十六条", "《医疗器械监督管理条例》第八十四条"),
    ("md-false-qualification", "网店展示虚假医疗器械经营资质", "medical_devices", "《医疗器械监督管理条例》第四十六条", "《医疗器械监督管理条例》第八十三条"),
    ("ip-unlicensed", "未取得工业产品生产许可证擅自生产列入目录的产品", "industrial_products", "《工业产品生产许可证管理条例》第五条", "《工业产品生产许可证管理条例》第四十五条"),
    ("ip-substandard", "生产不符合产品质量标准的工业产品", "industrial_products", "《中华人民共和国产品质量法》第二十六条", "《中华人民共和国产品质量法》第四十九条"),
    ("online-no-licence-display", "网络经营者未公示营业执照信息", "online_trade", "《中华人民共和国电子商务法》第十五条", "《中华人民共和国电子商务法》第七十六条"),
    ("online-platform-duty", "电子商务平台未对平台内违法行为采取必要处置措施", "online_trade", "《中华人民共和国电子商务法》第二十九条", "《中华人民共和国电子商务法》第八十条"),
]  # fmt: skip


def violation_types_ensure(violation_type_model=None) -> None:
    """Create the types that are missing (data migration, and after test flushes);
    an administrator's edits to existing types are kept."""
    if violation_type_model is None:
        from .models import ViolationType as violation_type_model
    for code, name, sector, breached, penalty in VIOLATION_TYPES:
        violation_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "sector": sector,
                "breached_provision": breached,
                "penalty_provision": penalty,
            },
        )
