"""Search engine (OpenSearch) connection."""

import environ

env = environ.Env()

SEARCH_URL = env.str("SEARCH_URL", default="http://127.0.0.1:9201")
# Prefix for index and alias names, so several checkouts or test runs can share one node.
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="regengine")
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
