"""Recognising the same listing however it was recorded: a shared link, the mobile link,
or the bare item number all give one key."""

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

# Query parameters that identify an item on the common platforms.
_ID_PARAMS = (
    "id",
    "item_id",
    "itemid",
    "goods_id",
    "goodsid",
    "sku",
    "skuid",
    "product_id",
)
_HOST_PREFIXES = ("www.", "m.", "h5.", "detail.", "item.", "mobile.")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def listing_key(platform: str, listing: str) -> str:
    platform_part = re.sub(r"\s+", "", _fold(platform))
    listing = _fold(listing)
    if "://" in listing or re.match(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", listing):
        parts = urlsplit(listing if "://" in listing else f"https://{listing}")
        query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
        for name in _ID_PARAMS:
            if query.get(name):
                return f"{platform_part}|{query[name][0]}"
        host = parts.netloc
        for prefix in _HOST_PREFIXES:
            host = host.removeprefix(prefix)
        # A numeric id at the end of the path is the item (jd.com/100012.html).
        match = re.search(r"(\d{5,})(?:\.html?)?/?$", parts.path)
        if match:
            return f"{platform_part}|{match.group(1)}"
        return f"{platform_part}|{host}{parts.path.rstrip('/')}"
    listing = re.sub(r"^(商品编号|商品id|id|编号)[:：\s]*", "", listing)
    listing = re.sub(r"\s+", "", listing)
    return f"{platform_part}|{listing}"
