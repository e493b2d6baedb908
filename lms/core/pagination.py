"""One way to page a list: the `?hal=` argument, the number of pages, and where a page starts.

The page links are the `pager` macro in templates/macros/pagination.html."""

from dataclasses import dataclass

PAGE_ARG = "hal"
# A crafted ?hal=10**12 must not become an OFFSET the database refuses (or a slow scan).
MAX_PAGE = 100_000


def requested_page(args) -> int:
    """The page a request asks for (request.args); anything that is not a sensible page number is 1."""
    try:
        page = int(args.get(PAGE_ARG, 1))
    except (TypeError, ValueError):
        return 1
    return min(page, MAX_PAGE) if page > 0 else 1


@dataclass(frozen=True)
class PageWindow:
    page: int
    pages: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_window(total: int, per_page: int, page: int) -> PageWindow:
    """The page asked for, moved into 1..pages (an empty list has one, empty, page)."""
    pages = max(1, -(-total // per_page))
    return PageWindow(min(max(page, 1), pages), pages, per_page)
