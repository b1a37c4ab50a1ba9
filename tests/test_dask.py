"""toolkit.analyze_dask on a LocalCluster of two worker processes equals the one-machine run."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

import toolkit

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

TABLES = ("documents", "lexicon_counts", "term_frequency")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
        dashboard_address=None,
    )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_dask_equals_single_machine(client, demo, tmp_path):
    # many files read by the workers, as with dd.read_parquet of a real corpus
    for i, start in enumerate(range(0, len(demo), 13)):
        demo.iloc[start:start + 13].to_parquet(tmp_path / f"part-{i}.parquet")
    ddf = dd.read_parquet(str(tmp_path / "*.parquet"))
    assert ddf.npartitions > 2
    with distributed.get_task_stream(client) as stream:
        result = toolkit.analyze_dask(ddf, split_every=2)
    ran = {task["key"] if isinstance(task["key"], str) else task["key"][0]
           for task in stream.data}
    assert any("_partition_task" in str(key) for key in ran)  # computed on the cluster
    expected = toolkit.analyze(demo)
    for name in TABLES:
        assert_frame_equal(getattr(result, name)(), getattr(expected, name)(), obj=name)
    assert_frame_equal(result.term_frequency(), toolkit.term_frequency(demo, by="outlet"))
    assert result.manifest["n_partitions"] == ddf.npartitions


def test_dask_other_options_from_pandas(client, demo):
    ddf = dd.from_pandas(demo, npartitions=3)
    result = toolkit.analyze_dask(ddf, by=None, lexicon="stance", measures="lix",
                                  stopwords="english")
    expected = toolkit.analyze(demo, by=None, lexicon="stance", measures="lix",
                               stopwords="english")
    for name in TABLES:
        assert_frame_equal(getattr(result, name)(), getattr(expected, name)(), obj=name)


def test_dask_errors(client, demo):
    with pytest.raises(TypeError, match="dask.dataframe"):
        toolkit.analyze_dask(demo)
    with pytest.raises(toolkit.CorpusError, match="'text' not found"):
        toolkit.analyze_dask(dd.from_pandas(demo.drop(columns="text"), npartitions=2))


def _idle_kernels() -> int:
    from toolkit import analysis

    return sum(map(len, analysis._KERNELS._idle.values()))


def test_workers_keep_one_kernel_between_partitions(client, demo):
    # six partitions on two single-threaded workers: each worker keeps the kernel it used and
    # lends it to its next partition (at most one idle kernel per worker, not one per
    # partition); the results are those of one machine; clear_cache empties the workers' pools
    client.run(toolkit.clear_cache)
    ddf = dd.from_pandas(demo, npartitions=6)
    result = toolkit.analyze_dask(ddf)
    kept = client.run(_idle_kernels)
    assert sum(kept.values()) >= 1
    assert all(n <= 1 for n in kept.values())
    seconds = result.manifest["partition_cpu_seconds"]
    assert len(seconds) == 6 and all(s > 0 for s in seconds)
    again = toolkit.analyze_dask(ddf)  # with the kernels that learnt the vocabulary
    expected = toolkit.analyze(demo)
    for name in TABLES:
        assert_frame_equal(getattr(again, name)(), getattr(expected, name)(), obj=name)
    client.run(toolkit.clear_cache)
    assert sum(client.run(_idle_kernels).values()) == 0


def test_threaded_scheduler_lends_each_thread_its_own_kernel(demo):
    # without a cluster, Dask's threads run partitions at the same time in one process: each
    # borrows its own kernel from the pool, and the tables equal one machine's
    import dask

    toolkit.clear_cache()
    with dask.config.set(scheduler="threads", num_workers=3):
        result = toolkit.analyze_dask(dd.from_pandas(demo, npartitions=6))
    expected = toolkit.analyze(demo)
    for name in TABLES:
        assert_frame_equal(getattr(result, name)(), getattr(expected, name)(), obj=name)
    toolkit.clear_cache()
