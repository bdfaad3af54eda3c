"""Our AIF JSON as arguebuf loads it, as it is: AIFdb's plain form through arguebuf's
ordinary loader (``load.file``), OVA's envelope through its xAIF loader; the counts of
atoms (I-nodes), schemes (RA, CA, MA, PA) and edges are ours."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from kg.argmap import parse_argdown
from kg.argmap.aif_json import aif_to_map, parse_aif
from kg.argmap.export import export
from tests.argmap.test_aif import REAL, _real

ROOT = Path(__file__).resolve().parents[2]
ARGUEBUF = ROOT / ".tools" / "arguebuf" / "bin" / "python"
#: Run by arguebuf's interpreter: load a file as arguebuf's ``load.file`` reads a ``.json``
#: (plain AIF), or with its xAIF loader, and print the counts as JSON.
SCRIPT = """
import json, sys
from pathlib import Path
import arguebuf
path, form = Path(sys.argv[1]), sys.argv[2]
if form == "xaif":
    graph = arguebuf.load.xaif(json.loads(path.read_text(encoding="utf-8")))
else:
    graph = arguebuf.load.file(path)
print(json.dumps({
    "atoms": len(graph.atom_nodes),
    "schemes": len(graph.scheme_nodes),
    "edges": len(graph.edges),
    "texts": sorted(node.plain_text for node in graph.atom_nodes.values()),
}))
"""
CHAPTER = ROOT / "kg" / "corpus" / "kitchin2019smart.argdown"
SCHEMES = {"RA", "CA", "MA", "PA"}


def _arguebuf(path: Path, form: str) -> dict:
    """arguebuf (2.7.2, in its own environment: it pins lxml<6) on the file at ``path``."""
    if not ARGUEBUF.exists():
        pytest.fail("arguebuf is missing: `make arguebuf` installs it into .tools/arguebuf")
    done = subprocess.run(
        [str(ARGUEBUF), "-c", SCRIPT, str(path), form],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _maps() -> dict:
    maps = {"chapter": parse_argdown(CHAPTER.read_text(encoding="utf-8"))}
    for name in sorted(REAL):
        maps[name] = aif_to_map(parse_aif(_real(name)))
    return maps


@pytest.mark.parametrize("form", ["aif", "xaif"])
def test_arguebuf_loads_our_aif_as_it_is(form: str, tmp_path: Path) -> None:
    for name, m in _maps().items():
        data = export(m, name, form)
        body = json.loads(data)
        plain = body["AIF"] if form == "xaif" else body
        assert ("AIF" in body) == (form == "xaif")
        assert set(plain) >= {"nodes", "edges", "locutions"}
        types = Counter(n["type"] for n in plain["nodes"])
        path = tmp_path / f"{name}.json"
        path.write_bytes(data)
        loaded = _arguebuf(path, form)
        assert loaded["atoms"] == types["I"] > 0, name
        assert loaded["schemes"] == sum(types[t] for t in SCHEMES) > 0, name
        assert loaded["edges"] == len(plain["edges"]), name
        texts = sorted(" ".join(n["text"].split()) for n in plain["nodes"] if n["type"] == "I")
        assert [" ".join(t.split()) for t in loaded["texts"]] == texts, name


def test_aifdb_plain_form_is_the_default() -> None:
    m = parse_argdown("[T]: Thesis.\n  + <A>: Because.\n")
    body = json.loads(export(m, "t", "aif"))
    assert list(body) == ["nodes", "edges", "locutions"]
    assert all(set(e) == {"edgeID", "fromID", "toID", "formEdgeID"} for e in body["edges"])
    assert parse_aif(json.dumps(body)).counts() == parse_aif(export(m, "t", "xaif")).counts()
