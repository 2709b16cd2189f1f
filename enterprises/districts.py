"""Wuhan's districts and development zones with their region codes (GB/T 2260).

The two functional zones have no GB/T 2260 code of their own; their registration
authorities use the codes below, which an administrator can change in the district table.
"""

WUHAN_CITY_CODE = "420100"

WUHAN_DISTRICTS = [
    ("420102", "江岸区"),
    ("420103", "江汉区"),
    ("420104", "硚口区"),
    ("420105", "汉阳区"),
    ("420106", "武昌区"),
    ("420107", "青山区"),
    ("420111", "洪山区"),
    ("420112", "东西湖区"),
    ("420113", "汉南区"),
    ("420114", "蔡甸区"),
    ("420115", "江夏区"),
    ("420116", "黄陂区"),
    ("420117", "新洲区"),
    ("420171", "东湖新技术开发区"),
    ("420172", "武汉经济技术开发区"),
    (WUHAN_CITY_CODE, "武汉市（市本级）"),
]


def districts_ensure(district_model=None) -> None:
    """Create the districts that are missing (data migration, and after test flushes)."""
    if district_model is None:
        from .models import District as district_model
    for code, name in WUHAN_DISTRICTS:
        district_model.objects.get_or_create(region_code=code, defaults={"name": name})
