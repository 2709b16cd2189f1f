"""Pages of a list: every list a user opens shows one page and links to the others,
keeping the filters in the address. Used by the inbox and the desks' lists."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, items, *, per_page: int = PAGE_SIZE, count: int | None = None):
    """The page asked for by `?page=` (the last one when beyond it, the first when not
    a number). `count` spares the paginator a COUNT it already knows."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def page_links(request, page: Page) -> dict:
    """What the pagination bar shows: the rows on this page, the total, and the links
    to the neighbouring and numbered pages, each keeping the other GET parameters."""
    params = request.GET.copy()

    def url(number):
        params["page"] = number
        return f"?{params.urlencode()}"

    paginator = page.paginator
    numbers = []
    if paginator.num_pages > 1:
        for number in paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        ):
            if number == paginator.ELLIPSIS:
                numbers.append((None, "", False))
            else:
                numbers.append((number, url(number), number == page.number))
    return {
        "start": page.start_index(),
        "end": page.end_index(),
        "count": paginator.count,
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
        "numbers": numbers,
    }
