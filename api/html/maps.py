"""Argument maps and literature maps as pages: the list of argument maps, one claim with
what supports and attacks it, and the kinds of literature map.

>>> page = argmaps_page([{"id": "m", "iri": "x", "title": "<T>", "claims": 1,
...                       "arguments": 0, "relations": 0}], base="")
>>> "&lt;T&gt;" in page and "<T>" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from api.templating import render

__all__ = [
    "argmaps_page",
    "claim_href",
    "claim_page",
    "claims_page",
    "litmap_page",
    "litmaps_page",
]

_CLAIM = "https://w3id.org/technocracy/id/"
_WORK = _CLAIM + "work/"


def claim_href(iri: str, base: str) -> str:
    """This server's page of a claim or argument IRI (``.../id/claim/{map}/{cid}``), or the
    IRI's own description for anything else.

    >>> claim_href("https://w3id.org/technocracy/id/claim/m/c-1", "")
    '/argmaps/m/claims/c-1'
    """
    kind, _, rest = iri.removeprefix(_CLAIM).partition("/")
    ident, _, cid = rest.partition("/")
    if iri.startswith(_CLAIM) and kind in ("claim", "argument") and ident and cid:
        return f"{base}/argmaps/{quote(ident, safe='')}/claims/{quote(cid, safe='')}"
    return f"{base}/id/{quote(iri.removeprefix(_CLAIM), safe='/#-_.~:()')}"


def argmaps_page(maps: Sequence[Mapping[str, Any]], *, base: str) -> str:
    """The argument maps in the store, each with its counts and its formats."""
    return render("argmaps.html", base=base, title="Arguments", crumbs=[], maps=maps)


def claim_page(claim: Mapping[str, Any], ident: str, *, base: str) -> str:
    """A claim (or an argument) of a map: its text, its anchor in the source, what supports
    and what attacks it, the works it rests on, the concepts it is about."""

    def related(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "href": claim_href(str(item["iri"]), base)} for item in items]

    return render(
        "claim.html",
        base=base,
        title=str(claim["title"]),
        crumbs=[
            ("Arguments", f"{base}/argmaps"),
            (ident, f"{base}/argmaps/{quote(ident, safe='')}?format=html"),
        ],
        claim=claim,
        supports=related(claim["supports"]),
        attacks=related(claim["attacks"]),
        works=[
            {**w, "href": f"{base}/works/{quote(w['iri'][len(_WORK) :], safe='')}"}
            if str(w["iri"]).startswith(_WORK)
            else {**w, "href": None}
            for w in claim["works"]
        ],
    )


def claims_page(claims: Sequence[Mapping[str, Any]], ident: str, *, base: str) -> str:
    """The claims and arguments of a map, by kind, each with its section and its page."""
    return render(
        "claims.html",
        base=base,
        title=f"Claims of {ident}",
        crumbs=[("Arguments", f"{base}/argmaps")],
        claims=claims,
        map_url=f"{base}/argmaps/{quote(ident, safe='')}?format=html",
    )


def litmaps_page(kinds: Mapping[str, str], formats: Sequence[Any], *, base: str) -> str:
    """The kinds of literature map, each with its interactive page and its exports."""
    return render(
        "litmaps.html",
        base=base,
        title="Literature maps",
        crumbs=[],
        kinds=kinds,
        formats=formats,
    )


def litmap_page(view: Mapping[str, Any], kind: str, *, base: str, query: str = "") -> str:
    """One literature map in the viewer: its data in the page (a JSON script, escaped for a
    script element by Jinja's ``tojson``), the viewer's scripts from ``/static``, and the
    URLs its side panel needs (the works' pages, the named query of a work's citing
    sentences, the reader); the standalone file of the same map linked for download."""
    return render(
        "litmap.html",
        base=base,
        title=str(view["title"]) or kind,
        crumbs=[("Maps", f"{base}/litmaps")],
        view=view,
        kind=kind,
        rest="".join(f"{urlencode([(k, v)])}&" for k, v in parse_qsl(query) if k != "format"),
    )
