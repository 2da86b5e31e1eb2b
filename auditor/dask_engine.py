"""The per-article rules on a dask.distributed cluster (`--engine dask [--scheduler ADDRESS]`).

The input is cut into partitions of `PARTITION` articles; each partition is one task that
audits its articles with an Engine built once per worker process from the run's EngineSpec.
At most `WINDOW` partitions per worker are in flight, so neither the client nor the cluster
holds the whole run, and results are read back in submission order, so the reports are the
same bytes as with the local engine. Batch rules (REP003) run afterwards in this process, as
with the local engine. With no scheduler address, a LocalCluster of `jobs` worker processes
(one thread each: langdetect's seeded sampler is not thread-safe) is started for the run.

Not here: the per-rule time budget of the local worker pool (a Dask task cannot be killed
from outside without losing its worker); a rule that raises is still a rule error of its
article, as everywhere.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from auditor.engine import Engine, EngineSpec
from auditor.models import Article, ArticleResult, InputError

PARTITION = 32
WINDOW = 2
# Engines already built in this (worker) process, by a hash of their spec.
_ENGINES: dict[str, Engine] = {}


def _engine_for(spec_bytes: bytes) -> Engine:
    key = hashlib.sha256(spec_bytes).hexdigest()
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = pickle.loads(spec_bytes).build()
    return _ENGINES[key]


def audit_partition(spec_bytes: bytes, articles: list[Article]) -> list[ArticleResult]:
    """One task: the per-article results of a partition, in its order."""
    engine = _engine_for(spec_bytes)
    results = [engine.audit_article(article)[0] for article in articles]
    if engine.cache:
        engine.cache.commit()
    return results


def run_on_dask(
    spec: EngineSpec,
    items: Iterable[Article | InputError],
    scheduler: str | None = None,
    jobs: int | None = None,
) -> Iterator[ArticleResult | InputError]:
    """Audit `items` on the cluster; yield results and input errors in input order."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=jobs or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
    client = Client(cluster if cluster is not None else scheduler)
    try:
        spec_bytes = pickle.dumps(spec)
        capacity = WINDOW * max(1, len(client.scheduler_info().get("workers", {})) or 1)
        pending: deque[tuple[Any, list[InputError | None]]] = deque()
        for partition in _partitions(items):
            articles = [a for a in partition if isinstance(a, Article)]
            layout = [None if isinstance(a, Article) else a for a in partition]
            future = client.submit(audit_partition, spec_bytes, articles, pure=False)
            pending.append((future, layout))
            while len(pending) >= capacity:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _partitions(
    items: Iterable[Article | InputError],
) -> Iterator[list[Article | InputError]]:
    partition: list[Article | InputError] = []
    count = 0
    for item in items:
        partition.append(item)
        count += isinstance(item, Article)
        if count >= PARTITION:
            yield partition
            partition, count = [], 0
    if partition:
        yield partition


def _collect(future: Any, layout: list[InputError | None]) -> Iterator[ArticleResult | InputError]:
    """A partition's results with its input errors put back where they were read."""
    results = iter(future.result())
    for slot in layout:
        yield next(results) if slot is None else slot
