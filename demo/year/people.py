"""The officers who did the demo year's work: the demo users, and six more of the
bureau's 2019 staff (password as the demo users')."""

from organisation.models import OrganisationUnit, User
from organisation.roles import Role
from organisation.services import user_create

from ..builders import DEMO_PASSWORD

# username, full name, role, credential number, legal qualification, unit code
YEAR_STAFF = [
    ("sunlei", "孙磊", Role.INVESTIGATOR, "42010019011", False, "WHSJ-TSSB"),
    ("zhoumin", "周敏", Role.INVESTIGATOR, "42010019012", False, "WHSJ-TSSB"),
    ("wuhao", "吴昊", Role.INVESTIGATOR, "42010019013", False, "WHSJ-WJC"),
    ("zhengli", "郑丽", Role.INVESTIGATOR, "42010019014", False, "WHSJ-SPSC"),
    ("hejing", "何静", Role.LEGAL_REVIEWER, "42010019016", True, "WHSJ-FGC"),
    ("wangjianguo", "王建国", Role.BUREAU_HEAD, "42010019015", False, "WHSJ"),
]


def year_staff() -> dict[str, User]:
    """Everyone the stories need, by username (created when missing)."""
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    for username, full_name, role, credential, qualified, unit_code in YEAR_STAFF:
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                unit=units.get(unit_code),
                roles=[role],
                credential_number=credential,
                has_legal_qualification=qualified,
            )
    wanted = [
        "zhangwei", "liuyang", "wangfang", "zhaomin", "lina", "chenjing", "liuqiang",
        *(row[0] for row in YEAR_STAFF),
    ]  # fmt: skip
    return {u.username: u for u in User.objects.filter(username__in=wanted)}
