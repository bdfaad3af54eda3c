"""Argument maps as pages: the list of maps, the argument explorer (the map from its thesis
down, unfolded level by level, beside the whole map as a zoomable picture), the answer to
"which works support claims about X?", the claims of a map, and one claim.

The data come from ``kg.argmap.explore``; this module adds where each thing links to (a
claim's page, a work's page, the sentence of the document reader a quotation is in) so
that the templates only print.

>>> page = argmaps_page([{"id": "m", "iri": "x", "title": "<T>", "claims": 1,
...                       "arguments": 0, "relations": 0}], base="")
>>> "&lt;T&gt;" in page and "<T>" not in page
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from api.templating import render

__all__ = [
    "RELATIONS",
    "argmaps_page",
    "claim_href",
    "claim_page",
    "claims_page",
    "concept_page",
    "explorer_page",
    "work_label",
]

_ID = "https://w3id.org/technocracy/id/"
_WORK = _ID + "work/"

#: How an element relates to the one above it, in words and with an icon (never by colour
#: alone): kind -> (icon, words, whether it speaks for or against).
RELATIONS: dict[str, tuple[str, str, str]] = {
    "support": ("+", "supports", "for"),
    "premise": ("+", "is a premise of", "for"),
    "attack": ("−", "attacks", "against"),
    "undercut": ("↯", "undercuts", "against"),
    "contradiction": ("⇄", "contradicts", "against"),
}


def claim_href(iri: str, base: str) -> str:
    """This server's page of a claim or argument IRI (``.../id/claim/{map}/{cid}``), or the
    IRI's own description for anything else.

    >>> claim_href("https://w3id.org/technocracy/id/claim/m/c-1", "")
    '/argmaps/m/claims/c-1'
    """
    kind, _, rest = iri.removeprefix(_ID).partition("/")
    ident, _, cid = rest.partition("/")
    if iri.startswith(_ID) and kind in ("claim", "argument") and ident and cid:
        return f"{base}/argmaps/{quote(ident, safe='')}/claims/{quote(cid, safe='')}"
    return f"{base}/id/{quote(iri.removeprefix(_ID), safe='/#-_.~:()')}"


def _work_href(iri: str, base: str) -> str | None:
    if iri.startswith(_WORK):
        return f"{base}/works/{quote(iri[len(_WORK) :], safe='')}"
    return None


def work_label(work: Mapping[str, Any]) -> str:
    """A work as a reader cites it: authors' family names and year, else its title or id.

    >>> work_label({"iri": "x", "authors": ["Dodge", "Kitchin"], "year": "2007"})
    'Dodge & Kitchin 2007'
    >>> work_label({"iri": ".../work/a", "authors": ["A", "B", "C"], "year": None})
    'A et al.'
    """
    authors = [a for a in work.get("authors") or [] if a]
    names = " & ".join(authors) if len(authors) <= 2 else f"{authors[0]} et al."
    year = work.get("year") or ""
    label = f"{names} {year}".strip()
    return label or str(work.get("title") or str(work["iri"]).rpartition("/")[2])


def _map_url(ident: str, base: str) -> str:
    return f"{base}/argmaps/{quote(ident, safe='')}"


def _element(item: Mapping[str, Any], ident: str, doc: str | None, base: str) -> dict[str, Any]:
    """An element with its links: its page, its place in the outline, its sentence in the
    reader (``/documents/{doc}#s-N``), its works' pages."""
    reader = None
    if doc and item.get("quote"):
        reader = f"{base}/documents/{quote(doc, safe='')}"
        if item.get("sentence"):
            reader += f"#s-{item['sentence']}"
    return {
        **item,
        "href": f"{_map_url(ident, base)}/claims/{quote(str(item['slug']), safe='')}",
        "anchor": ("c-" if item["kind"] == "claim" else "a-") + str(item["slug"]),
        "reader": reader,
        "works": [
            {**w, "href": _work_href(str(w["iri"]), base), "label": work_label(w)}
            for w in item.get("works") or []
        ],
    }


def _branch(node: Mapping[str, Any], ident: str, doc: str | None, base: str) -> dict[str, Any]:
    children = [_branch(child, ident, doc, base) for child in node["children"]]
    against = sum(1 for c in children if RELATIONS[c["relation"]][2] == "against")
    return {
        **_element(node, ident, doc, base),
        "children": children,
        "against": against,
        "for": len(children) - against,
    }


def explorer_page(view: Mapping[str, Any], *, base: str) -> str:
    """The argument explorer of one map (``kg.argmap.explore.explorer``'s ``view``)."""
    ident, doc = str(view["id"]), view["document"]
    url = _map_url(ident, base)
    return render(
        "argmap.html",
        base=base,
        title=str(view["title"]),
        crumbs=[("Arguments", f"{base}/argmaps")],
        view=view,
        outline=[_branch(node, ident, doc, base) for node in view["outline"]],
        relations=RELATIONS,
        map_url=url,
        picture=f"{url}/picture",
        reader=f"{base}/documents/{quote(doc, safe='')}" if doc else None,
    )


def concept_page(answer: Mapping[str, Any] | None, view: Mapping[str, Any], *, base: str) -> str:
    """Which works support (and attack) the claims of a map about a concept; without a
    concept, the form to choose one. ``view`` has the map's id, title and concepts."""
    ident = str(view["id"])
    url = _map_url(ident, base)
    doc = view.get("document")
    claims = []
    works = []
    if answer is not None:
        claims = [
            {
                **_element(c, ident, doc, base),
                "supported_by": _element({**c, "works": c["supported_by"]}, ident, doc, base)[
                    "works"
                ],
                "attacked_by": _element({**c, "works": c["attacked_by"]}, ident, doc, base)[
                    "works"
                ],
                "attackers": [_element(a, ident, doc, base) for a in c["attackers"]],
            }
            for c in answer["claims"]
        ]
        works = [
            {
                **w,
                "href": _work_href(str(w["iri"]), base),
                "label": work_label(w),
                "claims": [
                    {**c, "href": f"{url}/claims/{quote(str(c['slug']), safe='')}"}
                    for c in w["claims"]
                ],
            }
            for w in answer["works"]
        ]
    label = answer["concept"]["label"] if answer else None
    return render(
        "argmap_concepts.html",
        base=base,
        title=f"Which works support claims about {label}?" if label else "Claims by concept",
        crumbs=[("Arguments", f"{base}/argmaps"), (str(view["title"]), url)],
        view=view,
        answer=answer,
        claims=claims,
        works=works,
        map_url=url,
        action=f"{url}/concepts",
    )


def argmaps_page(maps: Sequence[Mapping[str, Any]], *, base: str) -> str:
    """The argument maps in the store, each with its counts and its formats."""
    return render("argmaps.html", base=base, title="Arguments", crumbs=[], maps=maps)


def claim_page(
    claim: Mapping[str, Any],
    ident: str,
    *,
    base: str,
    shown: Mapping[str, Any],
    document: str | None = None,
) -> str:
    """A claim (or an argument) of a map: its text, its quotation with its page (and its
    sentence in the reader), what supports and what attacks it, the works it rests on, the
    concepts it is about. ``shown`` is the element as the explorer shows it (its works with
    authors and year, its place in the outline)."""

    def related(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**item, "href": claim_href(str(item["iri"]), base), "icon": _icon(item)}
            for item in items
        ]

    element = _element(shown, ident, document, base)
    known = {w["iri"]: w for w in element["works"]}
    return render(
        "claim.html",
        base=base,
        title=str(claim["title"]),
        crumbs=[("Arguments", f"{base}/argmaps"), (ident, _map_url(ident, base))],
        claim=claim,
        element=element,
        explorer=f"{_map_url(ident, base)}#{element['anchor']}",
        supports=related(claim["supports"]),
        attacks=related(claim["attacks"]),
        works=[
            {
                **w,
                "href": _work_href(str(w["iri"]), base),
                "label": known[w["iri"]]["label"] if w["iri"] in known else None,
            }
            for w in claim["works"]
        ],
    )


def _icon(item: Mapping[str, Any]) -> str:
    """A related element's icon: an attack's kind is named (``relation``), a support's not."""
    return RELATIONS.get(str(item.get("relation") or "support"), RELATIONS["attack"])[0]


def claims_page(claims: Sequence[Mapping[str, Any]], ident: str, *, base: str) -> str:
    """The claims and arguments of a map, by kind, each with its section and its page."""
    return render(
        "claims.html",
        base=base,
        title=f"Claims of {ident}",
        crumbs=[("Arguments", f"{base}/argmaps")],
        claims=claims,
        map_url=_map_url(ident, base),
    )
