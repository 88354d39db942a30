"""A fresh build in worker processes: each cleans, extracts, analyses and writes its own segment.

    >>> build = ParallelBuild(ix, procs=2, limitmb=128, compound=False, stories=True, decide=decide)
    >>> for batch in batches: build.submit(batch)   # raw records, as read
    >>> build.finish()                               # commits every worker's segment

Whoosh's own multiprocessing writer pickles whole documents (title, body, their concatenation,
entities) from the parent to the workers and leaves cleaning and extraction to the parent. Here the
parent only reads: it sends raw records in batches, each worker prepares them (search/prepare.py)
and answers with their small `Meta` (id, content hash, story features); the parent admits them in
corpus order (duplicates, stories) and sends back one decision per article; the worker then
analyses and writes the admitted ones. Batches go round-robin and are answered in order, so ids,
duplicates and stories are the same as in a one-process build.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from .prepare import Meta, Prepared, Skipped, analysed, prepare
from .segment_writer import SegmentWriter

BATCH = 64  # records per message: large enough to amortise the queues, small for memory
AHEAD = 3  # batches sent to a worker before its oldest answer is awaited


class WorkerFailed(RuntimeError):
    """A worker process raised; the message carries its traceback."""


def _worker(index: Any, limitmb: int, compound: bool, stories: bool, jobs: Any, answers: Any) -> None:
    gc.disable()  # see segment_writer.without_cyclic_gc; this process ends with the build
    try:
        writer = SegmentWriter(index, _lk=False, limitmb=limitmb, compound=compound)
        pending: dict[int, list[Prepared | Skipped]] = {}
        while True:
            job = jobs.get()
            if job is None:
                break
            kind, number, payload = job
            if kind == "prepare":
                items = [prepare(raw, stories) for raw in payload]
                pending[number] = items
                answers.put(("prepared", number, [i.meta if isinstance(i, Prepared) else i for i in items]))
            else:  # "write": one decision per prepared item (None: not indexed)
                for item, story in zip(pending.pop(number), payload, strict=True):
                    if isinstance(item, Prepared) and story is not None:
                        writer.add_document(**analysed(item.doc, story))
        segment = writer._finalize_segment() if writer._added else None
        if segment is None:
            writer._close_segment()
        answers.put(("done", None, segment))
    except BaseException:  # noqa: BLE001 — reported to the parent, which raises it
        answers.put(("error", None, traceback.format_exc()))


class ParallelBuild:
    """Worker processes writing one segment each; the parent admits articles in corpus order."""

    def __init__(
        self,
        index: Any,
        procs: int,
        limitmb: int,
        compound: bool,
        stories: bool,
        decide: Callable[[Meta | Skipped], str | None],
    ):
        """`decide`: the parent's verdict on each record in corpus order (None: not indexed)."""
        context = multiprocessing.get_context("fork")
        self.decide = decide
        self.answers = context.Queue()
        self.jobs = [context.Queue() for _ in range(procs)]
        self.workers = [
            context.Process(target=_worker, args=(index, limitmb, compound, stories, q, self.answers))
            for q in self.jobs
        ]
        for worker in self.workers:
            worker.start()
        self.sent = 0
        self.waiting: deque[int] = deque()  # batch numbers sent, oldest first
        self.ready: dict[int, list[Any]] = {}

    def submit(self, batch: list[Any]) -> None:
        number = self.sent
        self.jobs[number % len(self.jobs)].put(("prepare", number, batch))
        self.waiting.append(number)
        self.sent += 1
        while len(self.waiting) > AHEAD * len(self.jobs):
            self._decide_oldest()

    def _answer(self) -> tuple[str, Any, Any]:
        while True:
            try:
                kind, number, payload = self.answers.get(timeout=1.0)
                break
            except queue.Empty:
                # A worker killed from outside (out of memory, a signal) never answers: fail the
                # build instead of waiting for it forever.
                dead = [w.exitcode for w in self.workers if w.exitcode not in (None, 0)]
                if dead:
                    raise WorkerFailed(f"a worker process died (exit code {dead[0]})") from None
        if kind == "error":
            raise WorkerFailed(payload)
        return kind, number, payload

    def _decide_oldest(self) -> None:
        number = self.waiting.popleft()
        while number not in self.ready:
            _, got, metas = self._answer()
            self.ready[got] = metas
        decisions = [self.decide(item) for item in self.ready.pop(number)]
        self.jobs[number % len(self.jobs)].put(("write", number, decisions))

    def finish(self) -> list[Any]:
        """Decide what is left, stop the workers; their segments (None for a worker given nothing)."""
        while self.waiting:
            self._decide_oldest()
        for q in self.jobs:
            q.put(None)
        segments = []
        for _ in self.workers:
            _, _, segment = self._answer()
            segments.append(segment)
        for worker in self.workers:
            worker.join()
        return [s for s in segments if s is not None]

    def cancel(self) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
        for worker in self.workers:
            worker.join()
        # Jobs still queued for a worker that is gone would keep the queue's feeder thread, and
        # so this process, waiting at exit: drop them.
        for q in [*self.jobs, self.answers]:
            q.cancel_join_thread()
            q.close()
