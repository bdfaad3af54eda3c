"""Argdown (core syntax) to an ``ArgMap``.

Read: front matter (``=== yaml ===``), headings, comments (``<!-- -->``, ``/* */``, ``//``),
statements (``[Title]: text``, ``[Title]``, untitled paragraphs), arguments
(``<Title>: text``, ``<Title>``), relations by indentation (``+ - <+ <- +> -> >< _> <_``),
premise-conclusion structures (``(1) ...``, ``----``, ``-- rule --`` or ``--`` blocks),
tags (``#tag``, ``#(a tag)``) and ``{ }`` YAML metadata, which may continue over lines.

Errors name the line, the column and what was expected; references to elements never
defined and support cycles are refused (``check``), so nothing half-read is returned.

>>> m = parse_argdown('''
... [T]: A thesis. #main {page: 2}
...   + <A>: Because.
...   - [Doubt]: Not so.
... ''')
>>> m.statements["T"].text, m.statements["T"].tags, m.statements["T"].data
('A thesis.', ['main'], {'page': 2})
>>> [(r.kind, r.source[1], r.target[1]) for r in m.relations]
[('support', 'A', 'T'), ('attack', 'Doubt', 'T')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from kg.argmap.checks import check, support_cycles
from kg.argmap.model import ArgMap, Argument, Inference, PcsStep, Ref, Section, Statement
from kg.errors import MapSyntaxError
from kg.yamltext import safe_load

__all__ = ["check", "parse_argdown", "support_cycles"]  # the checks live in .checks

_HEADING = re.compile(r"(#{1,6})\s+(.*)$")
_PCS_ITEM = re.compile(r"\((\d+)\)\s*(.*)$")
_INLINE_RULE = re.compile(r"--\s*(.*?)\s*--\s*$")
_SEPARATOR = re.compile(r"-{2,}\s*$")
_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-)(?:\s+|$)(.*)$")
_STATEMENT_HEAD = re.compile(r"\[([^\[\]\n]+)\](?!\()(:?)")
_ARGUMENT_HEAD = re.compile(r"<([^<>\n]+)>(:?)")
_TAG = re.compile(r"(?:(?<=\s)|^)#(\(([^)]*)\)|[\w][\w\-]*)")

#: symbol -> (kind, the new element is the source?)
_SYMBOLS = {
    "+": ("support", True),
    "<+": ("support", True),
    "-": ("attack", True),
    "<-": ("attack", True),
    "<_": ("undercut", True),
    "+>": ("support", False),
    "->": ("attack", False),
    "_>": ("undercut", False),
    "><": ("contradiction", False),
}


@dataclass
class _Line:
    number: int  # 1-based
    indent: int
    text: str  # without the indentation


@dataclass
class _Pending:
    """An element being read: its head is known, its text may continue on later lines."""

    ref: Ref
    pieces: list[tuple[int, int, str]] = field(default_factory=list)  # (line, column, text)
    defines: bool = False  # "[T]: text" rather than "[T]"
    pcs_owner: Argument | None = None


def _strip_comments(text: str, source: str | None) -> str:
    """Comments blanked out with spaces (newlines kept, so positions stay put)."""
    out = list(text)
    i, n = 0, len(text)
    in_quote: str | None = None
    while i < n:
        ch = text[i]
        if ch == "\n":
            in_quote = None
        if text.startswith("<!--", i) or text.startswith("/*", i):
            close = "-->" if text[i] == "<" else "*/"
            end = text.find(close, i + 2)
            if end < 0:
                line = text.count("\n", 0, i) + 1
                column = i - (text.rfind("\n", 0, i) + 1) + 1
                raise MapSyntaxError(
                    f"comment never closed: expected {close!r} to end the comment opened here",
                    line=line,
                    column=column,
                    source=source,
                )
            end += len(close)
        elif text.startswith("//", i) and (i == 0 or text[i - 1] in " \t\n") and in_quote is None:
            end = text.find("\n", i)
            end = n if end < 0 else end
        else:
            if ch in "\"'" and (in_quote is None or in_quote == ch):
                in_quote = None if in_quote == ch else ch
            i += 1
            continue
        for j in range(i, end):
            if out[j] != "\n":
                out[j] = " "
        i = end
    return "".join(out)


def _front_matter(lines: list[str], source: str | None) -> tuple[dict[str, Any], int]:
    """The YAML front matter and the index of the first line after it."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "===":
        return {}, 0
    for end in range(first + 1, len(lines)):
        if lines[end].strip() == "===":
            body = "\n".join(lines[first + 1 : end])
            try:
                data = safe_load(body) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = first + 2 + (mark.line if mark else 0)
                column = (mark.column + 1) if mark else 1
                problem = getattr(exc, "problem", None) or str(exc)
                raise MapSyntaxError(
                    f"front matter is not YAML: {problem}", line=line, column=column, source=source
                ) from exc
            if not isinstance(data, dict):
                raise MapSyntaxError(
                    "front matter must be a YAML mapping (key: value lines)",
                    line=first + 2,
                    column=1,
                    source=source,
                )
            return data, end + 1
    raise MapSyntaxError(
        "front matter never closed: expected a line '===' after the YAML block",
        line=first + 1,
        column=1,
        source=source,
    )


def _split_data(content: str) -> tuple[str, str | None, int]:
    """(text, the ``{...}`` metadata at its end or None, offset of the ``{``)."""
    depth, quote, start, last = 0, None, -1, None
    for i, ch in enumerate(content):
        if quote:
            if ch == quote and not (quote == '"' and content[i - 1] == "\\"):
                quote = None
            continue
        if ch in "\"'" and depth > 0:
            quote = ch
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                last = (start, i + 1)
    if last is None:
        return content, None, -1
    begin, end = last
    rest = content[end:]
    if _TAG.sub("", rest).strip():
        return content, None, -1
    return content[:begin] + rest, content[begin:end], begin


def _tags(text: str) -> tuple[str, list[str]]:
    """Text without its tags, and the tags in order."""
    tags: list[str] = []
    for match in _TAG.finditer(text):
        tag = match.group(2) if match.group(2) is not None else match.group(1)
        tag = " ".join(tag.split())
        if tag and tag not in tags:
            tags.append(tag)
    return " ".join(_TAG.sub(" ", text).split()), tags


class _Parser:
    def __init__(self, text: str, source: str | None) -> None:
        self.source = source
        self.map = ArgMap()
        self.untitled = 0
        self.section: str | None = None
        self.pending: _Pending | None = None
        self.stack: list[tuple[int, Ref]] = []
        # premise-conclusion structure being read
        self.pcs_argument: Argument | None = None
        self.pcs_inference: Inference | None = None
        self.pcs_last_line = 0
        self.rule_lines: list[tuple[int, int, str]] | None = None
        self.rule_opened = 0
        self.previous_root: Ref | None = None  # the first element of the last block
        self.block_root: Ref | None = None
        self.first_refs: dict[Ref, tuple[int, int]] = {}
        self.text = text

    # -- errors ---------------------------------------------------------------------------
    def error(self, message: str, line: int, column: int) -> MapSyntaxError:
        return MapSyntaxError(message, line=line, column=column, source=self.source)

    # -- elements -------------------------------------------------------------------------
    def head(self, text: str, line: int, column: int) -> _Pending:
        """Read the head of an element and register it; the text follows later."""
        m = _STATEMENT_HEAD.match(text)
        kind = "statement"
        if m is None:
            m = _ARGUMENT_HEAD.match(text)
            kind = "argument"
        if m is not None:
            title = " ".join(m.group(1).split())
            defines = bool(m.group(2))
            rest = text[m.end() :]
            rest_column = column + m.end()
        else:
            self.unclosed(text, line, column)
            self.untitled += 1
            kind, title, defines, rest, rest_column = (
                "statement",
                f"Untitled {self.untitled}",
                True,
                text,
                column,
            )
        ref = (kind, title)
        self.first_refs.setdefault(ref, (line, column))
        if kind == "statement":
            self.map.statement(title, section=self.section, line=line)
        else:
            self.map.argument(title, section=self.section, line=line)
        pending = _Pending(ref, defines=defines)
        if rest.strip():
            pending.pieces.append(
                (line, rest_column + (len(rest) - len(rest.lstrip())), rest.strip())
            )
        return pending

    def unclosed(self, text: str, line: int, column: int) -> None:
        """Refuse a head opened with ``[`` or ``<`` and never closed on its line (it would
        otherwise become the text of an untitled statement)."""
        opening = text[:1]
        closing = {"[": "]", "<": ">"}.get(opening)
        if closing is None:
            return
        title, found, _rest = text[1:].partition(closing)
        if found and not any(c in title for c in "[]<>{}"):
            return  # a title closed (a Markdown link such as [text](url) stays text)
        kind = "statement" if opening == "[" else "argument"
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise self.error(
            f"{kind} title never closed: expected {closing!r} to end {shown!r}", line, column
        )

    def grounds(self, ref: Ref, data: dict[str, Any], data_text: str, at: int, starts) -> None:
        """Remember where each work (``cites``) and concept (``about``) was named."""
        for key in ("cites", "about"):
            value = data.get(key)
            for name in value if isinstance(value, list) else [value]:
                if name is None or isinstance(name, dict | list):
                    continue
                found = data_text.find(str(name))
                offset = at + (found if found >= 0 else 0)
                self.map.positions.setdefault((ref, key, str(name)), self._position(starts, offset))

    def finish(self) -> None:
        """Close the element being read: its text, tags and metadata go into the map."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        content, starts = "", []
        for line, column, piece in pending.pieces:
            if content:
                content += " "
            starts.append((len(content), line, column))
            content += piece
        body, data_text, at = _split_data(content)
        data: dict[str, Any] = {}
        if data_text is not None:
            line, column = self._position(starts, at)
            try:
                loaded = safe_load(data_text)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                if mark is not None:
                    line, column = self._position(starts, at + mark.index)
                problem = getattr(exc, "problem", None) or "not YAML"
                raise self.error(
                    f"metadata is not a YAML mapping: {problem}; expected {{key: value, ...}}",
                    line,
                    column,
                ) from exc
            if not isinstance(loaded, dict):
                raise self.error(
                    "metadata must be a mapping: expected {key: value, ...}", line, column
                )
            data = loaded
            self.grounds(pending.ref, data, data_text, at, starts)
        text, tags = _tags(body)
        element = self.map.element(pending.ref)
        if text and not pending.defines:
            line, column = pending.pieces[0][:2]
            kind, title = pending.ref
            brackets = "[]" if kind == "statement" else "<>"
            raise self.error(
                f"text after the reference {brackets[0]}{title}{brackets[1]}: expected ':' "
                "to define it, or only tags and metadata",
                line,
                column,
            )
        if text:
            if isinstance(element, Statement):
                element.texts.append(text)
            else:
                element.descriptions.append(text)
        for tag in tags:
            if tag not in element.tags:
                element.tags.append(tag)
        element.data.update(data)

    @staticmethod
    def _position(starts: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
        line, column = starts[0][1], starts[0][2]
        for begin, piece_line, piece_column in starts:
            if begin <= offset:
                line, column = piece_line, piece_column + (offset - begin)
        return line, column

    # -- premise-conclusion structures -------------------------------------------------------
    def end_pcs(self) -> None:
        argument = self.pcs_argument
        if argument is None:
            return
        if self.rule_lines is not None:
            raise self.error(
                "inference never closed: expected a line '--' after the inference rule",
                self.rule_opened,
                1,
            )
        if self.pcs_inference is not None or not argument.pcs[-1].is_conclusion:
            raise self.error(
                f"the premise-conclusion structure of <{argument.title}> ends without a "
                "conclusion: expected '----' and a numbered conclusion",
                self.pcs_last_line,
                1,
            )
        self.pcs_argument = None

    def inference(self, lines: list[tuple[int, int, str]]) -> Inference:
        text = " ".join(piece for _, _, piece in lines)
        pending = _Pending(("argument", "__inference__"), pieces=lines)
        body, data_text, at = _split_data(text)
        data: dict[str, Any] = {}
        if data_text is not None:
            starts = []
            offset = 0
            for line, column, piece in pending.pieces:
                starts.append((offset, line, column))
                offset += len(piece) + 1
            try:
                data = safe_load(data_text) or {}
            except yaml.YAMLError as exc:
                line, column = self._position(starts, at)
                raise self.error(f"inference metadata is not YAML: {exc}", line, column) from exc
        rules = [" ".join(rule.split()) for rule in body.split(",") if rule.strip()]
        return Inference(rules, data if isinstance(data, dict) else {"value": data})

    def pcs_item(self, line: _Line, rest: str) -> None:
        if self.pcs_argument is None:
            owner = None
            candidate = self.block_root or self.previous_root
            if candidate is not None and candidate[0] == "argument":
                argument = self.map.arguments[candidate[1]]
                if not argument.pcs:
                    owner = argument
            if owner is None:
                self.untitled += 1
                owner = self.map.argument(
                    f"Untitled {self.untitled}", section=self.section, line=line.number
                )
            self.pcs_argument = owner
            self.pcs_inference = None
        if not rest.strip():
            raise self.error(
                "empty numbered statement: expected a statement after the number",
                line.number,
                line.indent + len(line.text) + 1,
            )
        column = line.indent + 1 + (len(line.text) - len(rest))
        pending = self.head(rest, line.number, column)
        if pending.ref[0] != "statement":
            raise self.error(
                "a premise or conclusion must be a statement: expected '[Title]' or text, "
                f"not the argument <{pending.ref[1]}>",
                line.number,
                column,
            )
        self.pcs_argument.pcs.append(PcsStep(pending.ref[1], self.pcs_inference))
        self.pcs_inference = None
        self.pcs_last_line = line.number
        self.pending = pending
        self.stack = [(line.indent, pending.ref)]

    # -- the document ------------------------------------------------------------------------
    def run(self) -> ArgMap:
        raw_lines = self.text.split("\n")
        self.map.frontmatter, body_start = _front_matter(raw_lines, self.source)
        blanked = _strip_comments("\n".join(raw_lines), self.source).split("\n")
        for index in range(body_start, len(raw_lines)):
            original, cleaned = raw_lines[index], blanked[index].rstrip()
            if not cleaned.strip():
                if not original.strip():
                    self.blank()
                continue  # a line of comments only: as if it were not there
            expanded = cleaned.replace("\t", "    ")
            stripped = expanded.lstrip(" ")
            self.line(_Line(index + 1, len(expanded) - len(stripped), stripped))
        if self.rule_lines is not None:
            raise self.error(
                "inference never closed: expected a line '--' after the inference rule",
                self.rule_opened,
                1,
            )
        self.blank()
        # an argument's support for its own main conclusion is its inference, not a relation
        # (Argdown drops it too)
        self.map.relations = [
            r
            for r in self.map.relations
            if not (
                r.kind == "support"
                and r.source[0] == "argument"
                and r.target == ("statement", self.map.arguments[r.source[1]].conclusion)
            )
        ]
        return self.map

    def blank(self) -> None:
        self.finish()
        if self.rule_lines is None:
            self.end_pcs()
        if self.block_root is not None:
            self.previous_root = self.block_root
        self.block_root = None
        self.stack = []

    def line(self, line: _Line) -> None:
        text = line.text
        if self.rule_lines is not None:
            if _SEPARATOR.match(text) and text.strip() == "--":
                self.pcs_inference = self.inference(self.rule_lines)
                self.rule_lines = None
            else:
                self.rule_lines.append((line.number, line.indent + 1, text.strip()))
            return
        heading = _HEADING.match(text) if line.indent == 0 else None
        if heading:
            self.blank()
            self.previous_root = None
            level = len(heading.group(1))
            title, _tags_found = _tags(heading.group(2))
            parent = next((s.id for s in reversed(self.map.sections) if s.level < level), None)
            section_id = f"s{len(self.map.sections) + 1}"
            self.map.sections.append(Section(section_id, title, level, parent))
            self.section = section_id
            return
        item = _PCS_ITEM.match(text)
        if item:
            self.finish()
            self.pcs_item(line, item.group(2))
            return
        if _SEPARATOR.match(text) or _INLINE_RULE.match(text):
            self.finish()
            if self.pcs_argument is None:
                raise self.error(
                    "inference line outside a premise-conclusion structure: expected a "
                    "numbered statement '(1) ...' before it",
                    line.number,
                    line.indent + 1,
                )
            if self.pcs_inference is not None:
                raise self.error(
                    "two inference lines in a row: expected a numbered conclusion between them",
                    line.number,
                    line.indent + 1,
                )
            rule = _INLINE_RULE.match(text)
            if text.strip() == "--":
                self.rule_lines = []
                self.rule_opened = line.number
            elif rule and not _SEPARATOR.match(text):
                self.pcs_inference = self.inference([(line.number, line.indent + 3, rule.group(1))])
            else:
                self.pcs_inference = Inference()
            self.stack = []
            return
        relation = _RELATION.match(text)
        if relation and (self.stack or self.pending is not None or self.block_root is not None):
            self.relation(line, relation.group(1), relation.group(2))
            return
        if relation:
            raise self.error(
                f"relation {relation.group(1)!r} with nothing to relate to: expected a "
                "statement or argument on a line above it",
                line.number,
                line.indent + 1,
            )
        if self.pending is not None:
            self.pending.pieces.append((line.number, line.indent + 1, text.strip()))
            return
        if self.pcs_argument is not None and not self.stack:
            raise self.error(
                "text inside a premise-conclusion structure: expected a numbered statement "
                "'(n) ...', an inference line '----', or a blank line",
                line.number,
                line.indent + 1,
            )
        # a new top-level element
        self.pending = self.head(text, line.number, line.indent + 1)
        self.block_root = self.pending.ref
        self.stack = [(line.indent, self.pending.ref)]

    def relation(self, line: _Line, symbol: str, rest: str) -> None:
        self.finish()
        while self.stack and self.stack[-1][0] >= line.indent:
            self.stack.pop()
        if not self.stack:
            raise self.error(
                f"relation {symbol!r} is not indented below an element: expected it to be "
                "indented further than the statement or argument it relates to",
                line.number,
                line.indent + 1,
            )
        if not rest.strip():
            raise self.error(
                f"relation {symbol!r} without an element: expected '[Title]', '<Title>' or text",
                line.number,
                line.indent + len(symbol) + 1,
            )
        parent = self.stack[-1][1]
        column = line.indent + 1 + (len(line.text) - len(rest))
        pending = self.head(rest, line.number, column)
        kind, child_is_source = _SYMBOLS[symbol]
        if child_is_source:
            self.map.relate(kind, pending.ref, parent)
        else:
            self.map.relate(kind, parent, pending.ref)
        self.stack.append((line.indent, pending.ref))
        self.pending = pending


def parse_argdown(text: str, *, source: str | None = None, strict: bool = False) -> ArgMap:
    """The map an Argdown text describes. With ``strict``, also refuse dangling references
    and support cycles (``check``)."""
    parser = _Parser(text.replace("\r\n", "\n").replace("\r", "\n"), source)
    m = parser.run()
    if strict:
        check(m, source=source, first_refs=parser.first_refs)
    return m
