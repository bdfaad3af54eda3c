"""The source texts the checks read, found by the name the graph records for each.

A text is looked for in the corpus folder (``TKG_CORPUS_DIR``) and, when it is not there,
in the folders below it: a corpus kept one paper to a folder (``papers/11218/text.txt``,
``papers/12279/text.txt``) records every text under the same name, and the SHA-256 the
graph records (``tech:sha256``) tells them apart. A file is taken only when its bytes
have one of the SHA-256s given; without any, only the file directly in the folder, or
the one file of that name below it (two are ambiguous: none is taken).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     for folder, words in (("a", b"one"), ("b", b"two")):
...         (Path(tmp) / folder).mkdir()
...         _ = (Path(tmp) / folder / "text.txt").write_bytes(words)
...     texts = SourceTexts(Path(tmp))
...     two = hashlib.sha256(b"two").hexdigest()
...     texts.find("text.txt", {two}), texts.find("text.txt"), texts.find("other.txt")
(b'two', None, None)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["SourceTexts"]


class SourceTexts:
    """The texts in ``folder`` and below it, looked up by name (and SHA-256)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._below: dict[str, list[Path]] | None = None  # name -> files, walked once

    def find(self, name: str, shas: Iterable[str] = ()) -> bytes | None:
        """The bytes of the text named ``name`` (a file name, never a path) that has one
        of ``shas``; ``None`` when there is no such file, or no way to tell which it is."""
        wanted = set(shas)
        if self.folder is None or not name or "/" in name or "\\" in name:
            return None
        direct = self.folder / name
        if direct.is_file():
            raw = direct.read_bytes()
            if not wanted or hashlib.sha256(raw).hexdigest() in wanted:
                return raw
        candidates = [p for p in self._files_below(self.folder).get(name, []) if p != direct]
        if not wanted:
            return candidates[0].read_bytes() if len(candidates) == 1 else None
        for path in candidates:
            raw = path.read_bytes()
            if hashlib.sha256(raw).hexdigest() in wanted:
                return raw
        return None

    def _files_below(self, folder: Path) -> dict[str, list[Path]]:
        """Every file below ``folder`` by its name (hidden folders left out), in path order."""
        if self._below is None:
            self._below = {}
            for root, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for one in files:
                    self._below.setdefault(one, []).append(Path(root) / one)
        return self._below
