import pytest

from online_cleanup.listing_keys import listing_key


@pytest.mark.parametrize(
    "a,b",
    [
        (
            "https://item.taobao.com/item.htm?id=680012837&spm=a1z10",
            "https://m.taobao.com/item.htm?spm=x&id=680012837",
        ),
        ("https://item.jd.com/100012043978.html", "item.jd.com/100012043978.html"),
        ("商品编号 680012837", "680012837"),
        ("ＩＤ：６８００１２８３７", "680012837"),
    ],
)
def test_same_listing_same_key(a, b):
    assert listing_key("淘宝", a) == listing_key("淘宝 ", b)


def test_different_platforms_are_different_listings():
    assert listing_key("淘宝", "680012837") != listing_key("京东", "680012837")


def test_different_items_are_different_listings():
    assert listing_key("淘宝", "https://item.taobao.com/item.htm?id=1") != listing_key(
        "淘宝", "https://item.taobao.com/item.htm?id=2"
    )
