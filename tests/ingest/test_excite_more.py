"""bench.excite_more reads EXCITE's folders as its repository lays them out: checked on a
folder written here, in the same format, with references of our own."""

from __future__ import annotations

from pathlib import Path

from bench.excite_more import LAYOUT, REFS, layout_text, score_folder

TAGGED = [
    "<author><surname>Lindner</surname>, <given-names>Katrin</given-names></author> "
    "(<year>2011</year>): <title>Städte im Netz</title>. <other>Bielefeld</other>: "
    "<publisher>Transcript</publisher>.",
    "<author><surname>Roth</surname>, <given-names>Jana</given-names></author> "
    "(<year>1988</year>): <title>Die Ordnung der Zahlen</title>. In: "
    "<source>Stadtgeschichte</source> <volume>12</volume>, S. <fpage>1</fpage>-"
    "<lpage>15</lpage>.",
]
LAYOUT_LINES = [
    "Die Stadt zählt ihre Bürger (Lindner 2011: 4) und ordnet sie (Roth 1988).",
    "Das bleibt so, wie Lindner (2011) zeigt.",
    "Literatur",
    "<ref>Lindner, Katrin (2011): Städte im Netz. Bielefeld: Transcript.</ref>",
    "<ref>Roth, Jana (1988): Die Ordnung der Zahlen. In: Stadtgeschichte 12, S. 1-15.</ref>",
]


def _folder(tmp_path: Path) -> Path:
    (tmp_path / REFS).mkdir()
    (tmp_path / LAYOUT).mkdir()
    (tmp_path / REFS / "101.xml").write_text("\n".join(TAGGED) + "\n", encoding="utf-8")
    layout = "\n".join(
        f"{line}\t56.8\t219.0\t12.0\t470.7\t{k}" for k, line in enumerate(LAYOUT_LINES)
    )
    (tmp_path / LAYOUT / "101.xml").write_text(layout + "\n", encoding="utf-8")
    return tmp_path


def test_the_layout_text_is_the_first_column_without_the_gold_marks(tmp_path: Path) -> None:
    text = layout_text(_folder(tmp_path) / LAYOUT / "101.xml")
    assert "<ref>" not in text and "\t" not in text
    assert text.splitlines()[3] == "Lindner, Katrin (2011): Städte im Netz. Bielefeld: Transcript."


def test_fields_and_the_list_are_scored_held_out_or_seen(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    scored = score_folder(folder, seen=set())
    held = scored["held_out"]
    assert (held["papers"], held["references"]) == (1, 2)
    assert held["parsing"]["micro"]["f1"] == 1.0
    assert held["parsing"]["fields"]["source"]["correct"] == 1
    assert held["extraction"]["micro"]["correct"] == 2
    assert held["extraction"]["refused"] == 0
    assert scored["seen"]["references"] == 0
    assert score_folder(folder, seen={"101"})["seen"]["references"] == 2
