"""HermiT's JVM with the class-data archive set-up makes, and without it: the same graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.owl import jvm
from kg.owl.reason import java_executable, reason
from kg.rdf import graphs
from kg.store import open_store

pytestmark = pytest.mark.skipif(java_executable() is None, reason="needs a Java runtime")


def _inferred(store) -> set[ox.Triple]:
    """The inferred graph but its provenance (whose activity is named by the run)."""
    dump = store.dump(format="nq", graph=graphs.INFERRED)
    triples = {q.triple for q in ox.parse(dump, format=ox.RdfFormat.N_QUADS)}
    own = {ox.NamedNode(graphs.INFERRED)}
    for _ in range(2):
        own |= {t.object for t in triples if t.subject in own}
    return {t for t in triples if t.subject not in own}


@pytest.mark.slow
def test_the_archive_is_used_when_made_and_missing_or_broken_runs_plain_java(tmp_path, monkeypatch):
    monkeypatch.setenv("TKG_JVM_CACHE", str(tmp_path / "cache"))
    store = open_store("memory")
    build(store, reason=False)
    assert jvm.hermit_classpath() is None  # nothing made: plain java
    reason(store)
    plain = _inferred(store)
    assert len(plain) > 500

    archive = jvm.make_archive(java_executable() or "java")
    classpath, found = jvm.hermit_classpath() or ("", None)
    assert found == archive and archive.stat().st_size > 1_000_000
    assert classpath.endswith("HermiT.jar") and str(tmp_path) in classpath
    launcher = jvm.launcher("java", tmp_path, archive)
    assert f"-XX:SharedArchiveFile={archive}" in Path(launcher).read_text(encoding="utf-8")
    reason(store)
    assert _inferred(store) == plain

    archive.write_bytes(b"not an archive")  # another Java's, or damaged: ignored
    reason(store)
    assert _inferred(store) == plain
    store.close()
