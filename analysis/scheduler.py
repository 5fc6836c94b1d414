"""Where the pipeline's batches run: local worker processes, or a Dask distributed cluster.

:func:`pool` gives what :func:`analysis.pipeline.run_batches` and
:func:`analysis.pipeline.speaker_measures` hand their work to: a local
:class:`concurrent.futures.ProcessPoolExecutor` (:func:`analysis.pipeline.workers`),
or, for ``--scheduler``, a :class:`DaskPool` on a Dask cluster
(https://distributed.dask.org): a scheduler at an address (``dask scheduler``
and ``dask worker`` on hosts, dask-jobqueue, dask-kubernetes), or
``local:N``, a cluster of ``N`` worker processes started here. The batches
and the speaker groups are the cluster's tasks; every worker imports the
package and reads its data files itself. Dask is an optional dependency
(``pip install 'london-rhetoric[dask]'``), imported only here and only when
a scheduler is asked for.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .pipeline import workers

#: Seconds to wait for the scheduler to answer (and, once connected, for a first worker): a wrong
#: address fails this soon.
CONNECT_TIMEOUT = 5

LOCAL = "local:"

#: A local cluster's scheduler serves no dashboard, and its HTTP routes (health checks) on a free port of
#: the loopback interface, not on 8787 (which another cluster may hold).
NO_DASHBOARD = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}


class SchedulerError(Exception):
    """The ``--scheduler`` given cannot be used: malformed, unreachable, without workers, or Dask missing."""

    def __init__(self, scheduler: str, problem: str):
        super().__init__(f"--scheduler {scheduler}: {problem}")


class DaskPool:
    """A :class:`distributed.Client` with the part of :class:`concurrent.futures.Executor` the pipeline uses.

    ``remote`` tells the pipeline that the workers may not share this
    process's disk: batches are sent with their texts
    (:func:`analysis.pipeline.with_texts`) and send their tables back.
    ``jobs`` is the cluster's worker threads when connected.
    """

    remote = True

    def __init__(self, client: Any, jobs: int):
        self.client = client
        self.jobs = jobs
        self._futures: list = []

    def submit(self, fn: Callable, *args: Any) -> Any:
        """Run ``fn(*args)`` on the cluster; the returned future's ``result()`` waits for it."""
        future = self.client.submit(fn, *args, pure=False)
        self._futures.append(future)
        return future

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        """``fn`` of each item on the cluster, the results in the items' order.

        Items are taken (and, for batches, their texts read) only a few
        tasks ahead of the results, twice the workers' threads, so neither
        this process nor the cluster holds the whole corpus; each result is
        dropped by the cluster once given.
        """
        items = iter(items)
        window = collections.deque(self.submit(fn, item) for item in itertools.islice(items, 2 * self.jobs))
        while window:
            future = window.popleft()
            result = future.result()
            self._futures.remove(future)
            window.extend(self.submit(fn, item) for item in itertools.islice(items, 1))
            yield result

    def shutdown(self, cancel_futures: bool = True) -> None:
        """Cancel the tasks still pending (after an error or a Ctrl-C); the client is closed by :func:`pool`."""
        if cancel_futures and self._futures:
            self.client.cancel(self._futures)
        self._futures = []


@contextlib.contextmanager
def pool(jobs: int, scheduler: str | None = None) -> Iterator[tuple[Any, int]]:
    """The workers of an export and how many jobs they run at once: ``(pool, jobs)``.

    Without ``scheduler``, :func:`analysis.pipeline.workers` of ``jobs``
    processes (``None`` for one job). With one, a :class:`DaskPool` connected
    to it (see :func:`connect`), and its worker threads as ``jobs``.

    Raises
    ------
    SchedulerError
        Before any work, if the scheduler cannot be used.
    """
    if scheduler is None:
        with workers(jobs) as local:
            yield local, jobs
        return
    with connect(scheduler) as dask_pool:
        yield dask_pool, dask_pool.jobs


@contextlib.contextmanager
def connect(scheduler: str) -> Iterator[DaskPool]:
    """A :class:`DaskPool` on the cluster ``scheduler`` names, closed (and a local cluster stopped) after.

    ``scheduler`` is a Dask scheduler's address (``tcp://host:8786``, or
    ``host:8786``), or ``local:N``: a cluster of ``N`` worker processes on
    this machine, one thread each, listening on the loopback interface only,
    without dashboards. The connection is tried for :data:`CONNECT_TIMEOUT`
    seconds, and the cluster must have a worker within as long again.

    Raises
    ------
    SchedulerError
        If ``scheduler`` is malformed, cannot be reached, has no worker, or
        Dask is not installed.
    """
    try:
        from distributed import Client, LocalCluster
        from distributed.comm.addressing import get_address_host_port, normalize_address
    except ImportError:
        raise SchedulerError(scheduler, "needs Dask: pip install 'london-rhetoric[dask]'") from None
    with contextlib.ExitStack() as stack:
        if scheduler.startswith(LOCAL):
            count = scheduler[len(LOCAL):]
            if not count.isdigit() or int(count) < 1:
                raise SchedulerError(scheduler, f"{LOCAL}N takes a number of worker processes, 1 or more")
            cluster = stack.enter_context(LocalCluster(
                n_workers=int(count), threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, scheduler_kwargs=NO_DASHBOARD, silence_logs=logging.ERROR,
            ))
            address = cluster
        else:
            try:  # checked here: a Client given a malformed address lingers after the error
                address = normalize_address(scheduler)
                get_address_host_port(address)
            except ValueError as err:
                raise SchedulerError(scheduler, f"cannot reach the scheduler ({_reason(err)})") from None
        try:
            client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False))
        except Exception as err:  # an address Dask cannot parse, refused, timed out, not a Dask scheduler
            raise SchedulerError(scheduler, f"cannot reach the scheduler ({_reason(err)})") from None
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except Exception:
            raise SchedulerError(scheduler, f"the scheduler has no workers (none joined in {CONNECT_TIMEOUT} s)") from None
        dask_pool = DaskPool(client, max(1, sum(client.nthreads().values())))
        try:
            yield dask_pool
        finally:
            dask_pool.shutdown(cancel_futures=True)


def _reason(err: Exception) -> str:
    """One line saying why the connection failed."""
    text = " ".join(str(err).split()) or type(err).__name__
    return text if len(text) <= 200 else text[:197] + "..."
