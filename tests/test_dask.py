"""Specification of the export on a Dask cluster (``export --scheduler``): the same bytes as the local run.

The clusters here are local (two worker processes, one thread each, on the
loopback interface, no dashboard); nothing else touches the network.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from analysis import export, pipeline  # noqa: E402
from analysis.cli import EXIT_INPUT_ERROR, main  # noqa: E402
from analysis.scheduler import CONNECT_TIMEOUT, NO_DASHBOARD  # noqa: E402

from .seed_corpus import SEEDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def cluster():
    """A cluster of two worker processes on this machine, reached by its address as a remote one would be."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, scheduler_kwargs=NO_DASHBOARD,
                                  silence_logs=logging.ERROR) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def seeds_local(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local") / "out"
    export(SEEDS, out, jobs=2)
    return files_of(out)


def test_the_export_on_a_cluster_gives_the_local_export_s_bytes_on_the_seeds(cluster, seeds_local, tmp_path):
    export(SEEDS, tmp_path / "out", scheduler=cluster)
    assert files_of(tmp_path / "out") == seeds_local


def test_local_n_starts_a_cluster_of_n_workers_and_gives_the_same_bytes(seeds_local, tmp_path):
    assert main(["export", "--out", str(tmp_path / "out"), "--scheduler", "local:2", "--quiet"]) == 0
    assert files_of(tmp_path / "out") == seeds_local


def test_the_export_on_a_cluster_gives_the_local_export_s_bytes_on_a_slice_of_the_bench(cluster, tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        bench = importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "tools"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    documents, words = bench.build_corpus(SEEDS, corpus, 100_000, random_state=0, run_ons=False)
    assert words >= 100_000 and documents > 8  # more batches than workers
    export(corpus, tmp_path / "local", jobs=2)
    export(corpus, tmp_path / "cluster", scheduler=cluster)
    assert files_of(tmp_path / "cluster") == files_of(tmp_path / "local")


def test_a_batch_sent_with_its_texts_needs_no_access_to_the_corpus_files(tmp_path):
    """Workers on other hosts may not share the client's disk: the client reads the texts and sends them."""
    inputs = pipeline.load(SEEDS)
    docs = sorted(inputs.corpus.documents, key=lambda doc: doc.doc_id)[:2]
    batch = pipeline.with_texts(pipeline.Batch(0, docs, inputs, 20, 0))
    elsewhere = [dataclasses.replace(doc, path=tmp_path / "not-here" / doc.file) for doc in docs]
    far = pipeline._process(dataclasses.replace(batch, docs=elsewhere))
    near = pipeline._process(pipeline.Batch(0, docs, inputs, 20, 0))
    assert far.keys() == near.keys()
    assert all(far[name].equals(near[name]) for name in near)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "127.0.0.1:9"])
def test_an_unreachable_scheduler_is_an_input_error_within_seconds_with_nothing_written(address, tmp_path, capsys):
    start = time.monotonic()
    assert main(["export", "--out", str(tmp_path / "out"), "--scheduler", address, "--quiet"]) == EXIT_INPUT_ERROR
    assert time.monotonic() - start < CONNECT_TIMEOUT + 5
    assert capsys.readouterr().err.startswith(f"error: --scheduler {address}: cannot reach the scheduler (")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("address", "problem"),
    [("nonsense:::", "cannot reach the scheduler (invalid address"),
     ("host-without-port", "cannot reach the scheduler (missing port"),
     ("local:0", "local:N takes a number of worker processes, 1 or more"),
     ("local:two", "local:N takes a number of worker processes, 1 or more")],
)
def test_a_malformed_scheduler_is_an_input_error_with_nothing_written(address, problem, tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "out"), "--scheduler", address, "--quiet"]) == EXIT_INPUT_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"error: --scheduler {address}: {problem}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_jobs_and_a_scheduler_together_are_an_input_error(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path / "out"), "--scheduler", "local:2", "--jobs", "2"]) == EXIT_INPUT_ERROR
    assert "--jobs and --scheduler exclude each other" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_output_folder_is_checked_before_the_scheduler_is_reached(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "someone-else.txt").write_text("x")
    start = time.monotonic()
    assert main(["export", "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"]) == EXIT_INPUT_ERROR
    assert time.monotonic() - start < CONNECT_TIMEOUT
    assert "--scheduler" not in capsys.readouterr().err
