"""An ``ArgMap`` as one self-contained HTML page (``tkg argmap export -f html``): the map
drawn inline as SVG (no CDN, no script), a legend, and every element by section with its
text, tags, the quotation it is anchored to (page, offsets, a link to the anchor) and the
works it cites. Each node of the picture links to its entry on the page. The page is the
Jinja2 template ``templates/argmap_page.html``, every value escaped. (A browser asking the
server gets the argument explorer instead: ``api.html.arguments``.)

>>> from kg.argmap.argdown_parse import parse_argdown
>>> page = to_html(parse_argdown("[T]: Thesis. {quote: 'a b', start: 1, end: 4, page: 2}\\n"),
...                "demo", svg=False)
>>> 'id="s_t"' in page and "p. 2" in page and "/id/anchor/demo/claim/t" in page
True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.argmap.model import ArgMap, Argument, Ref
from kg.argmap.rdf import anchor_iri, slugs
from kg.argmap.render_dot import DEFAULT_BASE, EDGE_STYLE, node_id, render

__all__ = ["to_html"]

_STYLE = """
body{font:15px/1.45 system-ui,Helvetica,Arial,sans-serif;margin:0;color:#1c2833}
header,main{max-width:1100px;margin:0 auto;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #d5d8dc;margin-top:2rem}
h3{font-size:1.05rem}
.map{overflow:auto;border:1px solid #d5d8dc;max-height:85vh;background:#fff}
.map svg{display:block}
.legend{display:flex;flex-wrap:wrap;gap:1.2rem;padding:.5rem 0;list-style:none;margin:0}
.legend li{display:flex;align-items:center;gap:.4rem}
.legend svg{width:46px;height:14px}
.box{display:inline-block;padding:.1rem .4rem;border:1.5px solid #2c3e50;border-radius:6px}
.box.argument{background:#d6eaf8;border-color:#2471a3;border-radius:0}
.entry{padding:.4rem .7rem;margin:.5rem 0;border-left:4px solid #d5d8dc}
.entry.argument{border-left-color:#2471a3;background:#f4f9fd}
.entry:target{background:#fef9e7;border-left-color:#f1c40f}
blockquote{margin:.3rem 0;padding:.2rem .7rem;border-left:3px solid #aab7b8;color:#424949}
.tag{font-size:.8rem;background:#eaecee;border-radius:3px;padding:0 .3rem;margin-right:.2rem}
.rel{font-size:.9rem;margin:.2rem 0 0 0;padding-left:1.2rem}
.support{color:#1e8449}.attack{color:#c0392b}.contradiction{color:#7d3c98}.undercut{color:#d35400}
"""


_VERB = {
    "support": "supported by",
    "attack": "attacked by",
    "contradiction": "contradicted by",
    "undercut": "undercut by",
}


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("argmap_page.html")


def _ref(ref: Ref, slug: dict[Ref, str]) -> dict[str, str]:
    return {"id": node_id(ref, slug), "kind": ref[0], "title": ref[1]}


def _entry(m: ArgMap, doc: str, ref: Ref, slug: dict[Ref, str], base: str) -> dict[str, Any]:
    element = m.element(ref)
    data = element.data if isinstance(element.data, dict) else {}
    cites = data.get("cites") or []
    root = base.rstrip("/")
    entry: dict[str, Any] = {
        **_ref(ref, slug),
        "text": element.text,
        "tags": element.tags,
        "quote": str(data["quote"]) if data.get("quote") else None,
        "page": data.get("page", "?"),
        "start": data.get("start"),
        "end": data.get("end"),
        "anchor": anchor_iri(doc, ref, slug[ref]).replace(DEFAULT_BASE, root + "/", 1),
        "works": [
            {"href": f"{root}/id/work/{w}", "name": str(w)}
            for w in (cites if isinstance(cites, list) else [cites])
        ],
        "pcs": [],
        "relations": [],
    }
    if isinstance(element, Argument):
        entry["pcs"] = [
            {
                **_ref(("statement", step.title), slug),
                "rules": None if step.inference is None else ", ".join(step.inference.rules),
            }
            for step in element.pcs
        ]
    for r in m.relations:
        if r.source == ref:
            entry["relations"].append(
                {**_ref(r.target, slug), "relation": r.kind, "verb": EDGE_STYLE[r.kind][3]}
            )
        elif r.target == ref:
            entry["relations"].append(
                {**_ref(r.source, slug), "relation": r.kind, "verb": _VERB[r.kind]}
            )
    return entry


def to_html(m: ArgMap, doc: str, *, base: str = DEFAULT_BASE, svg: bool = True) -> str:
    """The page; ``svg`` draws the map (needs Graphviz)."""
    slug = slugs(m)
    picture = None
    if svg:
        drawn = render(m, doc, "svg", base=base, legend=False, local=True).decode("utf-8")
        # Graphviz's own SVG (its labels escaped by it), without XML prologue or DOCTYPE
        picture = Markup(re.sub(r"^.*?(<svg\b)", r"\1", drawn, flags=re.S))
    by_section: dict[str | None, list[Ref]] = {}
    for ref in m.order:
        by_section.setdefault(m.element(ref).section, []).append(ref)
    parts: list[dict[str, Any]] = [
        {
            "heading": None,
            "entries": [_entry(m, doc, r, slug, base) for r in by_section.pop(None, [])],
        }
    ]
    for section in m.sections:
        parts.append(
            {
                "heading": section.title,
                "level": min(section.level + 1, 4),
                "id": section.id,
                "entries": [_entry(m, doc, r, slug, base) for r in by_section.get(section.id, [])],
            }
        )
    legend = [
        (
            kind,
            {
                "colour": colour,
                "style": style,
                "text": text,
                "dash": {"dashed": "6,4", "dotted": "2,3"}.get(style, ""),
            },
        )
        for kind, (colour, style, _head, text) in EDGE_STYLE.items()
    ]
    return _template().render(
        title=str(m.frontmatter.get("title") or doc),
        style=Markup(_STYLE),
        counts=m.counts(),
        legend=legend,
        picture=picture,
        parts=parts,
    )
