"""Search tests run against the real node and PostgreSQL, never mocks.

Each test gets its own index prefix (under SEARCH_INDEX_PREFIX, e.g.
regengine-wtsearch-test-1a2b3c) and deletes its indices afterwards, so tests, parallel
runs and other checkouts sharing the node never see each other's documents. They are
transactional: the drain runs its own transactions, as it does in production.
"""

import importlib
import os
import uuid

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache

from search.client import search_client
from search.documents import INDEXES
from search.services import search_indices_ensure, search_outbox_drain_all

search_db = pytest.mark.django_db(transaction=True)

# Transactional tests empty every table afterwards, taking what data migrations loaded.
_REFERENCE_DATA = [
    ("enterprises.migrations.0002_wuhan_districts", "add_districts"),
    ("enforcement.migrations.0003_violation_types", "add_types"),
]


@pytest.fixture
def reference_data(transactional_db):
    """Districts and violation types, put back with the data migrations' own code."""
    for module, function in _REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def search_prefix(settings, reference_data):
    cache.clear()  # facet labels of an earlier test's campaigns
    base = os.environ.get("SEARCH_INDEX_PREFIX") or django_settings.SEARCH_INDEX_PREFIX
    prefix = f"{base}-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_INDEX_PREFIX = prefix
    client = search_client()  # kept: a test may point SEARCH_URL at a dead port
    try:
        client.cluster.health(params={"wait_for_status": "yellow"})
    except Exception as exc:  # the suite needs the node: say so instead of skipping
        pytest.fail(f"search node {django_settings.SEARCH_URL} unreachable: {exc}")
    yield prefix
    client.indices.delete(
        index=f"{prefix}-*", expand_wildcards="all", ignore_unavailable=True
    )


@pytest.fixture
def search_indices(search_prefix):
    search_indices_ensure()
    return search_prefix


def refresh():
    search_client().indices.refresh(index=",".join(s.alias for s in INDEXES.values()))


@pytest.fixture
def sync(search_indices):
    """Index everything committed so far, then make it searchable."""

    def _sync(**kwargs):
        result = search_outbox_drain_all(**kwargs)
        refresh()
        return result

    return _sync


def indexed(key: str, pk) -> dict | None:
    response = search_client().get(index=INDEXES[key].alias, id=str(pk), ignore=404)
    return response["_source"] if response.get("found") else None
