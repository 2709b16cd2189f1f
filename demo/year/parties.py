"""The businesses and licences the demo year's stories concern, registered through the
registry services the registration pages use. Codes and names are derived from the
story and its index, so a second run finds them instead of registering them again."""

import datetime
import random

from enterprises.credit_codes import credit_code_build
from enterprises.districts import WUHAN_DISTRICTS
from enterprises.models import Enterprise
from enterprises.services import enterprise_register
from licensing.models import Licence
from licensing.services import licence_register
from organisation.models import OrganisationUnit

from .. import names

# Each story family has its own block of credit-code bodies: 19 + family + index.
FAMILIES = {
    "health_food": 1,
    "special_equipment": 2,
    "revoked": 3,
    "referred": 4,
    "online_seller": 5,
    "platform": 6,
    "cosmetics_shop": 7,
    "referred_out": 8,
}

DISTRICTS = [(code, name) for code, name in WUHAN_DISTRICTS if code != "420100"]


def rng_for(family: str, index: int) -> random.Random:
    return random.Random(f"2019-{family}-{index}")


def person(rng: random.Random) -> str:
    given = "".join(rng.choice(names.GIVEN_CHARS) for _ in range(rng.choice((1, 2))))
    return rng.choice(names.SURNAMES) + given


def address(rng: random.Random, district_name: str) -> str:
    return f"武汉市{district_name}{rng.choice(names.ROADS)}{rng.randint(1, 999)}号"


def party(
    family: str,
    index: int,
    *,
    sector: str,
    words: list[str] | None = None,
    individual: bool = False,
    registration_status: str = Enterprise.RegistrationStatus.ACTIVE,
    name: str = "",
) -> Enterprise:
    """The business `index` of a story family, registered if it is not yet."""
    rng = rng_for(family, index)
    region, district_name = rng.choice(DISTRICTS)
    body = f"19{FAMILIES[family]:02d}{index:04d}"
    code = credit_code_build("92" if individual else "91", region, body)
    found = Enterprise.objects.filter(credit_code=code).first()
    if found is not None:
        return found
    place = district_name.removesuffix("区")[:2]
    brand = rng.choice(names.BRANDS)
    word = rng.choice(words or names.SECTOR_WORDS[sector])
    if not name:
        form = rng.choice(names.INDIVIDUAL_FORMS if individual else names.ORG_FORMS)
        name = f"{place if individual else '武汉'}{brand}{word}{form}"
        if not individual and rng.random() < 0.5:
            name = f"武汉{place}{brand}{word}{form}"
    return enterprise_register(
        name=name,
        legal_representative=person(rng),
        address=address(rng, district_name),
        sector=sector,
        credit_code=code,
        registration_status=registration_status,
        established_on=datetime.date(
            rng.randint(2005, 2016), rng.randint(1, 12), rng.randint(1, 28)
        ),
    )


def licence(
    *,
    holder: Enterprise,
    base_number: str,
    authority: OrganisationUnit,
    product: str,
    issued_on: datetime.date,
    valid_until: datetime.date,
) -> Licence:
    """The holder's licence numbered `base_number` plus a last digit, registered if the
    holder does not have it yet (the last digit moves on if another holder has it)."""
    for last in range(10):
        number = f"{base_number}{last}"
        found = Licence.objects.filter(number=number).first()
        if found is None:
            return licence_register(
                number=number,
                holder=holder,
                issuing_authority=authority,
                product=product,
                issued_on=issued_on,
                valid_until=valid_until,
            )
        if found.holder_id == holder.pk:
            return found
    raise ValueError(f"no free licence number for {base_number}")
