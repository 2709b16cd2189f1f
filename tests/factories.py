"""Test data built through the same services the UI uses (records start in their
initial state; services move them on)."""

import datetime
import itertools

from enterprises.credit_codes import credit_code_build
from enterprises.models import Enterprise, Sector
from enterprises.services import enterprise_register
from licensing.services import licence_register
from organisation.models import OrganisationUnit
from organisation.roles import Role
from organisation.services import roles_sync, unit_upsert, user_create

_counter = itertools.count(1)


def unique() -> int:
    return next(_counter)


def bureau() -> OrganisationUnit:
    return unit_upsert(
        code="WHSJ",
        name="武汉市市场监督管理局",
        kind=OrganisationUnit.Kind.BUREAU,
        level=OrganisationUnit.Level.CITY,
        region_code="420100",
        document_code="武市监",
    )


def province() -> OrganisationUnit:
    return unit_upsert(
        code="HBSJ",
        name="湖北省市场监督管理局",
        kind=OrganisationUnit.Kind.EXTERNAL,
        level=OrganisationUnit.Level.PROVINCE,
        document_code="鄂市监",
    )


def user(role: str, username: str | None = None, **kwargs):
    roles_sync()
    n = unique()
    username = username or f"{role}{n}"
    if (
        role in (Role.INVESTIGATOR, Role.DIVISION_HEAD)
        and "credential_number" not in kwargs
    ):
        kwargs["credential_number"] = f"4201{n:07d}"
    return user_create(
        username=username,
        password="Test@12345",
        full_name=kwargs.pop("full_name", f"测试{n}"),
        unit=kwargs.pop("unit", None),
        roles=[role],
        **kwargs,
    )


def credit_code(region: str = "420102", prefix: str = "91") -> str:
    n = unique()
    body = f"{n:08d}"[-8:]
    return credit_code_build(prefix, region, body)


def enterprise(**overrides) -> Enterprise:
    n = unique()
    fields = {
        "credit_code": credit_code(overrides.pop("region", "420102")),
        "name": f"武汉测试食品有限公司{n}",
        "legal_representative": "张三",
        "address": f"武汉市江岸区解放大道{n}号",
        "sector": Sector.FOOD_PRODUCTION,
    }
    fields.update(overrides)
    return enterprise_register(**fields)


def food_licence(*, holder=None, authority=None, **overrides):
    n = unique()
    fields = {
        "number": f"SC1034201{n:07d}",
        "holder": holder or enterprise(),
        "issuing_authority": authority or bureau(),
        "product": "调味品",
        "issued_on": datetime.date(2024, 1, 10),
        "valid_until": datetime.date(2029, 1, 9),
    }
    fields.update(overrides)
    return licence_register(**fields)


def industrial_licence(*, holder=None, authority=None, **overrides):
    n = unique()
    fields = {
        "number": f"(鄂)XK06-014-{n:05d}",
        "holder": holder or enterprise(sector=Sector.INDUSTRIAL_PRODUCTS),
        "issuing_authority": authority or province(),
        "product": "电线电缆",
        "issued_on": datetime.date(2022, 3, 1),
        "valid_until": datetime.date(2027, 2, 28),
    }
    fields.update(overrides)
    return licence_register(**fields)
