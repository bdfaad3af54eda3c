"""The pages' templates: one Jinja2 environment, escaping every value, and the helpers
that make links.

Templates live in ``api/templates/`` (``base.html`` is the frame: header, navigation,
search box, breadcrumbs, footer), the stylesheet in ``api/static/``. Every value a
template prints is escaped (autoescape is on for every template); a name a template uses
but is not given is an error (``StrictUndefined``), not a blank. Links go through
``local_href`` (where this server shows an IRI) and ``clickable`` (only http(s), mailto
and relative links become links; a ``javascript:`` IRI is shown as text).

>>> page = render("message.html", base="", title="<b>", crumbs=[], message="<i>")
>>> "&lt;b&gt;" in page and "&lt;i&gt;" in page and "<i>" not in page
True
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import jinja2.bccache

from kg.catalogue.dataset import licensing
from kg.rdf.namespaces import ID, ONTOLOGY_IRI, PREFIXES
from kg.rdf.vocab import TECH

__all__ = [
    "LINK_SCHEMES",
    "NAVIGATION",
    "STATIC",
    "TEMPLATES",
    "clickable",
    "compact",
    "environment",
    "local_href",
    "render",
]

#: Where the templates and the stylesheet are (inside the package: a wheel carries them).
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

#: The navigation of every page: label and path.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("Documents", "/documents"),
    ("Concepts", "/concepts"),
    ("Works", "/works"),
    ("Arguments", "/argmaps"),
    ("Maps", "/litmaps"),
    ("Queries", "/queries"),
    ("SPARQL", "/sparql"),
)

#: The schemes a page makes clickable; any other IRI (``javascript:``, ``data:``, ``file:``,
#: a URN) is shown as text, since a click on it could run or open anything.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def clickable(href: str) -> bool:
    """Whether ``href`` may be a link: http(s), mailto, or relative to this server.

    >>> [clickable(h) for h in ("/id/x", "https://e.org/", "JavaScript:alert(1)", "urn:x:y")]
    [True, True, False, False]
    """
    scheme = urlsplit(href).scheme.lower()
    return scheme in LINK_SCHEMES if scheme else True


def local_href(iri: str, base: str) -> str:
    """Where this server shows ``iri``: ``/id/...`` for data, ``/ontology/...`` for terms;
    any other IRI is its own link.

    >>> local_href("https://w3id.org/technocracy/id/work/x#a", "http://h")
    'http://h/id/work/x#a'
    >>> local_href("https://w3id.org/technocracy/ontology#Smartmentality", "")
    '/ontology/Smartmentality'
    >>> local_href("http://purl.org/dc/terms/title", "http://h")
    'http://purl.org/dc/terms/title'
    """
    if iri.startswith(str(ID)):
        return f"{base}/id/{quote(iri[len(ID) :], safe='/#-_.~:()')}"
    tech = str(TECH)
    if iri.startswith(tech) and len(iri) > len(tech):
        return f"{base}/ontology/{quote(iri[len(tech) :], safe='-_.~')}"
    if iri == ONTOLOGY_IRI:
        return f"{base}/ontology"
    return iri


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI in a known namespace, else the IRI.

    >>> compact("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    """
    best = max(
        ((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)),
        key=lambda pair: len(pair[1]),
        default=None,
    )
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def _number(n: int) -> str:
    return f"{n:,}"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Where the templates' compiled code is kept between processes: a folder of the build's
    cache (``TKG_BUILD_CACHE``), so that a server, each query worker that renders a page
    and each test process load it (0.01 CPU s for all the templates) instead of compiling
    them (0.15-0.28 s); Jinja2 checks each file against its template's source and Python's
    version. None when the cache is ``off`` or its folder cannot be made."""
    from kg.buildcache import cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _KeptCode(str(folder / "templates"))


class _KeptCode(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates in files, whose failure to write one (a full
    disk, a folder removed meanwhile) leaves the page rendered, only not kept."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one environment of the pages (made at the first page, then kept)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(local_href=local_href, compact=compact, number=_number)
    env.tests["clickable"] = clickable
    env.globals["navigation"] = NAVIGATION
    return env


def render(
    template: str,
    *,
    base: str,
    title: str,
    crumbs: Sequence[tuple[str, str | None]] | None,
    **context: Any,
) -> str:
    """The page ``template`` makes of ``context`` in the frame: ``title`` is its heading,
    ``crumbs`` the breadcrumbs between Home and the page (label and URL; None on the home
    page itself), ``base`` the server's public URL, which every link of the page starts
    with."""
    licence = licensing()
    return (
        environment()
        .get_template(template)
        .render(
            base=base,
            title=title,
            crumbs=[] if crumbs is None else [("Home", f"{base}/"), *crumbs],
            here="Home" if crumbs is None else title,
            licence=licence.license,
            endpoint=f"{base}/sparql",
            **context,
        )
    )
