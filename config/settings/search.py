"""Search engine (OpenSearch) connection and the search projection's tunables."""

import environ

env = environ.Env()

SEARCH_URL = env.str("SEARCH_URL", default="http://127.0.0.1:9201")
# Prefix for index and alias names, so several checkouts or test runs can share one node.
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="regengine")
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
# Bulk loads and index administration (create, refresh, alias swap) may take longer
# than a search should wait, e.g. while the node merges segments.
SEARCH_BULK_TIMEOUT_SECONDS = env.float("SEARCH_BULK_TIMEOUT_SECONDS", default=120.0)
# One shard holds a city's registry comfortably; replicas only help on a real cluster.
SEARCH_NUMBER_OF_SHARDS = env.int("SEARCH_NUMBER_OF_SHARDS", default=1)
SEARCH_NUMBER_OF_REPLICAS = env.int("SEARCH_NUMBER_OF_REPLICAS", default=0)
# The sync worker: rows per drain batch and the pause when the outbox is empty.
SEARCH_SYNC_BATCH_SIZE = env.int("SEARCH_SYNC_BATCH_SIZE", default=500)
SEARCH_SYNC_INTERVAL_SECONDS = env.float("SEARCH_SYNC_INTERVAL_SECONDS", default=2.0)
# Most rows an export may hold.
SEARCH_EXPORT_MAX_ROWS = env.int("SEARCH_EXPORT_MAX_ROWS", default=10000)
# "Repeat offender" has no statutory definition [U]: this many violations decided within
# this many days. Changing either needs `manage.py search_index rebuild`.
SEARCH_REPEAT_OFFENDER_MIN_VIOLATIONS = env.int(
    "SEARCH_REPEAT_OFFENDER_MIN_VIOLATIONS", default=2
)
SEARCH_REPEAT_OFFENDER_WINDOW_DAYS = env.int(
    "SEARCH_REPEAT_OFFENDER_WINDOW_DAYS", default=730
)
