"""The only module that imports the engine client (opensearch-py and its DSL).

Everything else in the project imports the DSL names and the client from here, so a
change of client library or version touches one file. The client is built on first use
and rebuilt when SEARCH_URL or the timeout changes (tests point it at a dead port and
back), never at import time.
"""

import functools

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from opensearchpy import (
    A,
    Boolean,
    Date,
    Document,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Long,
    MetaField,
    MultiSearch,
    Nested,
    Object,
    OpenSearch,
    Q,
    ScaledFloat,
    Search,
    Text,
    analyzer,
    char_filter,
    normalizer,
    token_filter,
    tokenizer,
)
from opensearchpy.exceptions import (
    ConnectionError as EngineConnectionError,
)
from opensearchpy.exceptions import (
    ConnectionTimeout,
    NotFoundError,
    TransportError,
)

__all__ = [
    "A",
    "Boolean",
    "Date",
    "Document",
    "Index",
    "InnerDoc",
    "Integer",
    "Keyword",
    "Long",
    "MetaField",
    "MultiSearch",
    "Nested",
    "NotFoundError",
    "Object",
    "Q",
    "ScaledFloat",
    "Search",
    "SearchUnavailable",
    "Text",
    "TransportError",
    "analyzer",
    "char_filter",
    "engine_call",
    "normalizer",
    "search_client",
    "token_filter",
    "tokenizer",
]

SEARCH_ENGINE_UNREACHABLE = _("检索服务暂时无法连接，请稍后再试；数据修改不受影响。")
SEARCH_INDEX_MISSING = _("检索索引尚未建立，请联系系统管理员执行 search_index ensure。")
SEARCH_ENGINE_FAILED = _("检索服务返回错误，请稍后再试。")


class SearchUnavailable(Exception):
    """The engine cannot answer now; the message is fit to show to a user."""

    def __init__(self, message=SEARCH_ENGINE_UNREACHABLE):
        super().__init__(str(message))
        self.message = message


@functools.cache
def _client(url: str, timeout: float) -> OpenSearch:
    # One retry covers a dropped keep-alive connection; more would only delay the
    # "engine unreachable" message users see.
    return OpenSearch(
        hosts=[url],
        timeout=timeout,
        max_retries=1,
        retry_on_timeout=False,
        http_compress=False,
    )


def search_client() -> OpenSearch:
    return _client(settings.SEARCH_URL, float(settings.SEARCH_TIMEOUT_SECONDS))


def engine_call(fn, *args, **kwargs):
    """Run one engine request, turning "cannot answer" into `SearchUnavailable`.

    Request errors (HTTP 400: a malformed query) are bugs and propagate unchanged.
    """
    try:
        return fn(*args, **kwargs)
    except (EngineConnectionError, ConnectionTimeout) as exc:
        raise SearchUnavailable(SEARCH_ENGINE_UNREACHABLE) from exc
    except NotFoundError as exc:
        raise SearchUnavailable(SEARCH_INDEX_MISSING) from exc
    except TransportError as exc:
        if isinstance(exc.status_code, int) and exc.status_code < 500:
            raise
        raise SearchUnavailable(SEARCH_ENGINE_FAILED) from exc
