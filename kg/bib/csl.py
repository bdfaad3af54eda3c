"""CSL-JSON, the common form: a file read and checked, items written, a year read out.

Every reader of this package yields CSL-JSON items, and every writer takes them. A
CSL-JSON file is checked as it is read, so that a bad item is refused with the
line of its ``id`` rather than failing later, far from the file.

>>> read_csl_json('[{"id": 1, "type": "book", "title": "X"}]', "refs.json")
[{'id': '1', 'type': 'book', 'title': 'X'}]
>>> read_csl_json('[{"id": "x", "author": "Kitchin"}]', "refs.json")
Traceback (most recent call last):
...
kg.errors.InputError: refs.json:1: author of 'x' must be a list of name objects
>>> year_and_suffix({"issued": {"raw": "1984b"}})
(1984, 'b')
"""

from __future__ import annotations

import json
import re

from kg.errors import InputError

__all__ = ["read_csl_json", "to_csl_json", "year_and_suffix"]

_JSON_KINDS = {dict: "an object", str: "a string", int: "a number", float: "a number"}
_YEAR = re.compile(r"\b((?:1[5-9]|20)\d\d)([a-z]?)\b")


def read_csl_json(text: str, name: str = "<bibliography>") -> list[dict]:
    """The items of a CSL-JSON list, each checked, ``id`` made a string."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", where=f"{name}:{exc.lineno}") from exc
    if not isinstance(data, list):
        kind = _JSON_KINDS.get(type(data), json.dumps(data))
        raise InputError(f"CSL-JSON must be a list of items, not {kind}", where=name)
    first_seen: dict[str, int] = {}
    items = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise InputError(f"item {number} is not an object", where=f"{name}: item {number}")
        if item.get("id") in (None, ""):
            raise InputError(f"item {number} has no id", where=f"{name}: item {number}")
        key = str(item["id"])
        if key in first_seen:
            raise InputError(
                f"duplicate CSL-JSON id {key!r} (items {first_seen[key]} and {number})",
                where=_where(text, name, key, occurrence=2),
            )
        first_seen[key] = number
        problem = _problem(item)
        if problem:  # where it is, only now: finding it scans the whole text
            raise InputError(problem, where=_where(text, name, key, occurrence=1))
        items.append({**item, "id": key})
    return items


def _where(text: str, name: str, key: str, *, occurrence: int) -> str:
    """``file:line`` of the ``"id": key`` of an item, else ``file: entry key``."""
    found = list(re.finditer(rf'"id"\s*:\s*"?{re.escape(key)}"?\s*[,}}\n]', text))
    if len(found) >= occurrence:
        return f"{name}:{text.count(chr(10), 0, found[occurrence - 1].start()) + 1}"
    return f"{name}: entry {key}"


def _problem(item: dict) -> str | None:
    """What is wrong with a CSL-JSON item, or None."""
    for role in ("author", "editor", "translator"):
        names = item.get(role, [])
        if not isinstance(names, list) or not all(isinstance(n, dict) for n in names):
            return f"{role} of {item['id']!r} must be a list of name objects"
        for n in names:
            if not (n.get("family") or n.get("literal") or n.get("given")):
                return f"a name in {role} of {item['id']!r} is empty"
    issued = item.get("issued", {})
    parts = issued.get("date-parts", [[]]) if isinstance(issued, dict) else None
    if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
        return f"issued of {item['id']!r} is not a CSL date"
    for variable in ("title", "container-title", "DOI"):
        if variable in item and not isinstance(item[variable], str):
            return f"{variable} of {item['id']!r} must be a string"
    return None


def to_csl_json(items: list[dict]) -> str:
    """CSL-JSON text."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def year_and_suffix(item: dict) -> tuple[int | None, str]:
    """The year an item was issued and the letter after it (``1984b``), from its
    date parts, else from a ``raw`` or ``literal`` date."""
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") or [[]]
    first = parts[0][0] if parts and parts[0] else None
    for value in (first, issued.get("raw"), issued.get("literal")):
        found = _YEAR.search(str(value)) if value else None
        if found:
            return int(found.group(1)), found.group(2)
    return None, ""
