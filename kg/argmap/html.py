"""An ``ArgMap`` as one self-contained HTML page: the map drawn inline as SVG (no CDN, no
script), a legend, and every element by section with its text, tags, the quotation it is
anchored to (page, offsets, a link to the anchor) and the works it cites. Each node of the
picture links to its entry on the page.

>>> from kg.argmap.argdown_parse import parse_argdown
>>> page = to_html(parse_argdown("[T]: Thesis. {quote: 'a b', start: 1, end: 4, page: 2}\\n"),
...                "demo", svg=False)
>>> 'id="s_t"' in page and "p. 2" in page and "/id/anchor/demo/claim/t" in page
True
"""

from __future__ import annotations

import re
from html import escape

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


def _legend() -> str:
    items = [
        '<li><span class="box">[statement]</span></li>',
        '<li><span class="box argument">&lt;argument&gt;</span></li>',
    ]
    for kind, (colour, style, _head, text) in EDGE_STYLE.items():
        dash = {"dashed": "6,4", "dotted": "2,3"}.get(style, "")
        items.append(
            f'<li class="legend-{kind}"><svg viewBox="0 0 46 14" aria-hidden="true">'
            f'<line x1="2" y1="7" x2="38" y2="7" stroke="{colour}" stroke-width="2.5"'
            f' stroke-dasharray="{dash}"/><polygon points="38,2 46,7 38,12" fill="{colour}"/>'
            f'</svg><span style="color:{colour}">{escape(text)}</span>'
            f" <small>({style})</small></li>"
        )
    return f'<ul class="legend" id="legend">{"".join(items)}</ul>'


def _ref_link(ref: Ref, slug: dict[Ref, str]) -> str:
    title = escape(ref[1])
    shown = f"[{title}]" if ref[0] == "statement" else f"&lt;{title}&gt;"
    return f'<a href="#{node_id(ref, slug)}">{shown}</a>'


def _entry(m: ArgMap, doc: str, ref: Ref, slug: dict[Ref, str], base: str) -> str:
    element = m.element(ref)
    data = element.data if isinstance(element.data, dict) else {}
    parts = [
        f'<div class="entry {ref[0]}" id="{node_id(ref, slug)}">',
        f"<h3>{_ref_link(ref, slug)}</h3>",
    ]
    if element.text:
        parts.append(f"<p>{escape(element.text)}</p>")
    if element.tags:
        parts.append(
            "<p>" + "".join(f'<span class="tag">#{escape(t)}</span>' for t in element.tags) + "</p>"
        )
    if data.get("quote"):
        link = anchor_iri(doc, ref, slug[ref]).replace(DEFAULT_BASE, base.rstrip("/") + "/", 1)
        parts.append(
            f"<blockquote>“{escape(str(data['quote']))}”</blockquote>"
            f'<p class="anchor">p. {escape(str(data.get("page", "?")))}, characters '
            f"{escape(str(data.get('start')))}–{escape(str(data.get('end')))} — "
            f'<a class="anchor-link" href="{escape(link)}">anchor</a></p>'
        )
    cites = data.get("cites") or []
    if cites:
        root = escape(base.rstrip("/"))
        works = ", ".join(
            f'<a class="work" href="{root}/id/work/{escape(str(w))}">{escape(str(w))}</a>'
            for w in (cites if isinstance(cites, list) else [cites])
        )
        parts.append(f"<p>Cites: {works}</p>")
    if isinstance(element, Argument) and element.pcs:
        rows = []
        for i, step in enumerate(element.pcs):
            if step.inference is not None:
                rows.append(
                    f'<li class="inference">⟹ {escape(", ".join(step.inference.rules))}</li>'
                )
            rows.append(f"<li>({i + 1}) {_ref_link(('statement', step.title), slug)}</li>")
        parts.append(
            f'<ol class="pcs" style="list-style:none;padding-left:1rem">{"".join(rows)}</ol>'
        )
    relations = []
    for r in m.relations:
        if r.source == ref:
            relations.append(
                f'<li class="{r.kind}">{EDGE_STYLE[r.kind][3]} {_ref_link(r.target, slug)}</li>'
            )
        elif r.target == ref:
            verb = {
                "support": "supported by",
                "attack": "attacked by",
                "contradiction": "contradicted by",
                "undercut": "undercut by",
            }[r.kind]
            relations.append(f'<li class="{r.kind}">{verb} {_ref_link(r.source, slug)}</li>')
    if relations:
        parts.append(f'<ul class="rel">{"".join(relations)}</ul>')
    parts.append("</div>")
    return "".join(parts)


def to_html(m: ArgMap, doc: str, *, base: str = DEFAULT_BASE, svg: bool = True) -> str:
    """The page; ``svg`` draws the map (needs Graphviz)."""
    slug = slugs(m)
    title = str(m.frontmatter.get("title") or doc)
    picture = ""
    if svg:
        drawn = render(m, doc, "svg", base=base, legend=False, local=True).decode("utf-8")
        drawn = re.sub(r"^.*?(<svg\b)", r"\1", drawn, flags=re.S)  # no XML prologue or DOCTYPE
        picture = f'<div class="map" id="map">{drawn}</div>'
    counts = m.counts()
    body = [
        f"<header><h1>{escape(title)}</h1>",
        f"<p>{counts['statements']} statements, {counts['arguments']} arguments, "
        f"{counts['relations']} relations. Click a box to read its text and the words of the "
        "source it rests on.</p>",
        _legend(),
        "</header><main>",
        picture,
    ]
    by_section: dict[str | None, list[Ref]] = {}
    for ref in m.order:
        by_section.setdefault(m.element(ref).section, []).append(ref)
    body.extend(_entry(m, doc, ref, slug, base) for ref in by_section.pop(None, []))
    for section in m.sections:
        level = min(section.level + 1, 4)
        body.append(f'<h{level} id="section-{section.id}">{escape(section.title)}</h{level}>')
        body.extend(_entry(m, doc, ref, slug, base) for ref in by_section.get(section.id, []))
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title><meta name="viewport" content="width=device-width">'
        f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
