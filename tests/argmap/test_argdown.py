"""Argdown in and out: what the parser reads, its errors, and round trips on our own sample
and on the four Argdown files of ../shared (read in place)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.argmap import (
    CycleError,
    DanglingReferenceError,
    MapSyntaxError,
    check,
    parse_argdown,
    write_argdown,
)

DATA = Path(__file__).parents[1] / "data" / "argmap"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "peer-tests" / "argmaps"
ROOT = Path(__file__).resolve().parents[2]
#: counts the reference Argdown CLI (@argdown/cli 1.7.5, `argdown json`) gives these files
REAL = {
    "argdown-primer": (17, 4, 10),
    "legalisation-softdrugs": (1, 17, 19),
    "state-censorship": (28, 7, 4),
    "veggie_debate": (25, 22, 58),
}


def sample():
    return parse_argdown((DATA / "sample.argdown").read_text(encoding="utf-8"), source="sample")


def test_the_sample_reads_as_written() -> None:
    m = sample()
    assert m.frontmatter["title"].startswith("A small test map")
    assert m.counts() == {"statements": 9, "arguments": 2, "relations": 6}
    automation = m.statements["Automation"]
    assert automation.text == "Cities are increasingly managed by software."
    assert automation.tags == ["thesis"]
    # metadata continued over the next line
    assert automation.data == {"about": ["AutomatedManagement"], "cites": ["dodge2007codes"]}
    assert m.arguments["Sensors"].tags == ["real time"]
    assert {(r.kind, r.source[1], r.target[1]) for r in m.relations} == {
        ("attack", "Gaps", "Sensors"),
        ("attack", "Humans decide", "Automation"),
        ("support", "Automation", "Technocracy"),
        ("contradiction", "Automation", "Manual city"),
        ("undercut", "Gaps", "Sensors"),
        ("support", "Redundancy", "Gaps"),
    }
    # the texts of an equivalence class, in order; comments are gone
    assert m.statements["Redundancy"].texts == [
        "Networks are built with redundant sensors.",
        "Redundant sensors are cheap.",
    ]
    assert m.statements["Gaps"].text == "Many sensors fail or go offline."


def test_a_premise_conclusion_structure() -> None:
    sensors = sample().arguments["Sensors"]
    assert [s.title for s in sensors.pcs] == [
        "Coverage",
        "Feeds",
        "Inter",
        "Untitled 1",
        "Automation",
    ]
    assert [sensors.role(i) for i in range(5)] == [
        "premise",
        "premise",
        "intermediary-conclusion",
        "premise",
        "main-conclusion",
    ]
    assert sensors.pcs[2].inference.rules == ["Generalisation", "Modus ponens"]
    assert sensors.pcs[2].inference.data == {"uses": [1, 2]}
    assert sensors.premises == ["Coverage", "Feeds", "Untitled 1"]
    assert sensors.conclusion == "Automation"


def test_sections_follow_the_headings() -> None:
    m = sample()
    assert [(s.id, s.title, s.level, s.parent) for s in m.sections] == [
        ("s1", "Thesis", 1, None),
        ("s2", "Structure", 2, "s1"),
        ("s3", "Replies", 1, None),
    ]
    assert m.statements["Automation"].section == "s1"
    assert m.statements["Coverage"].section == "s2"


def test_round_trip_of_the_sample() -> None:
    m = sample()
    text = write_argdown(m)
    again = parse_argdown(text)
    assert again.same_as(m)
    assert write_argdown(again) == text


@pytest.mark.parametrize("name", sorted(REAL))
def test_round_trip_of_the_real_argdown_files(name: str) -> None:
    path = SHARED / "argdown" / f"{name}.argdown"
    if not path.is_file():
        pytest.skip("../shared is not beside the checkout")
    m = parse_argdown(path.read_text(encoding="utf-8"), source=path.name)
    counts = m.counts()
    assert (counts["statements"], counts["arguments"], counts["relations"]) == REAL[name]
    check(m)
    again = parse_argdown(write_argdown(m))
    assert again.same_as(m)
    assert again.counts() == counts


@pytest.mark.parametrize(
    ("text", "line", "column", "expected"),
    [
        ("[A]: a {x: [1,}\n", 1, 15, "expected {key: value"),
        ("===\ntitle: x\n", 1, 1, "expected a line '==='"),
        ("===\ntitle: [x\n===\n[A]: a\n", 2, 10, "front matter is not YAML"),
        ("  + [B]: b\n", 1, 3, "expected a statement or argument"),
        ("[A]: a\n+ [B]: b\n", 2, 1, "expected it to be indented"),
        ("[A]: a\n  +\n", 2, 4, "expected '[Title]'"),
        ("<A>: a\n\n(1) p\n(2) q\n", 4, 1, "expected '----' and a numbered conclusion"),
        ("----\n(1) x\n", 1, 1, "expected a numbered statement"),
        ("<A>: a\n\n(1) p\n----\n----\n(2) q\n", 5, 1, "expected a numbered conclusion"),
        ("<A>: a\n\n(1) p\n--\nrule\n", 4, 1, "expected a line '--'"),
        ("[A]: a <!-- open\n", 1, 8, "expected '-->'"),
        ("[A] more words\n", 1, 5, "expected ':'"),
        ("<A>: a\n\n(1) <B>\n----\n(2) c\n", 3, 5, "must be a statement"),
    ],
)
def test_syntax_errors_say_where_and_what_was_expected(
    text: str, line: int, column: int, expected: str
) -> None:
    with pytest.raises(MapSyntaxError) as caught:
        parse_argdown(text, source="bad.argdown")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert expected in str(caught.value)
    assert str(caught.value).startswith(f"bad.argdown:{line}:{column}: ")


def test_dangling_references_are_named_with_their_place() -> None:
    m = parse_argdown("[A]: a\n  + [B]\n  - <C>\n")
    with pytest.raises(DanglingReferenceError) as caught:
        check(m, source="x.argdown")
    message = str(caught.value)
    assert "[B] (line 2, column 5)" not in message or "2 reference(s)" in message
    assert "[B]" in message and "<C>" in message and "2 reference(s)" in message
    with pytest.raises(DanglingReferenceError, match=r"\[B\] \(line 2, column 5\)"):
        parse_argdown("[A]: a\n  + [B]\n", strict=True)


def test_support_cycles_are_refused() -> None:
    text = "[A]: a\n  + [B]: b\n    + [C]: c\n      + [A]\n"
    with pytest.raises(CycleError) as caught:
        parse_argdown(text, strict=True)
    assert caught.value.cycle[0] == caught.value.cycle[-1]
    assert set(caught.value.cycle) == {"[A]", "[B]", "[C]"}
    # attacks do not make a support cycle
    check(parse_argdown("[A]: a\n  - [B]: b\n    - [A]\n"))


def _argdown_cli() -> Path:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: the reference Argdown CLI cannot run")
    cli = ROOT / ".tools" / "node_modules" / ".bin" / "argdown"
    if not cli.exists():
        pytest.fail("@argdown/cli is missing: `make setup` installs it into .tools/")
    return cli


@pytest.mark.argdown
@pytest.mark.slow
def test_the_reference_argdown_cli_reads_our_exports(tmp_path: Path) -> None:
    cli = _argdown_cli()
    maps = {"sample": sample()}
    for name in REAL:
        path = SHARED / "argdown" / f"{name}.argdown"
        if path.is_file():
            maps[name] = parse_argdown(path.read_text(encoding="utf-8"))
    chapter = ROOT / "kg" / "corpus" / "kitchin2019smart.argdown"
    if chapter.is_file():
        maps["kitchin2019smart"] = parse_argdown(chapter.read_text(encoding="utf-8"))
    for name, m in maps.items():
        source = tmp_path / f"{name}.argdown"
        source.write_text(write_argdown(m), encoding="utf-8")
        done = subprocess.run(
            [str(cli), "json", str(source), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{name}: {done.stdout} {done.stderr}"
        assert "error" not in (done.stdout + done.stderr).lower(), name
        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        theirs = {
            "statements": len(data["statements"]),
            "arguments": len(data["arguments"]),
            "relations": len(data["relations"]),
        }
        assert theirs == m.counts(), name
        assert set(data["statements"]) == set(m.statements), name
        assert set(data["arguments"]) == set(m.arguments), name
