"""The ontology, documented: HTML by pyLODE, RDF in any format we write.

pyLODE 3.4.1 reads its own version from a ``pyproject.toml`` that its wheel does not
ship (RDFLib/pyLODE#260, fixed upstream after that release); until a fixed release is
out, ``ontology_html`` gives it the version from the installed package metadata instead.

pyLODE titles its page, and fills its metadata section, from every subject typed
``owl:Ontology``, ``prof:Profile`` or ``skos:ConceptScheme``, the last one found winning: our
concept schemes (after its inference gives them a ``dcterms:title`` from their labels) took
the ontology's place ("infrastructure terms", ``#InfrastructureScheme``). pyLODE is given
the ontology without the ``skos:ConceptScheme`` type of the schemes: they stay documented,
as the named individuals they also are, and the page is the ontology's.

pyLODE's page is amended for its readers (``accessible``): it says its language
(``<html lang="en">``), marks its landmarks (the documentation is the main one, the table of
contents a navigation), opens on a phone with a link to the table of contents (which a
narrow window shows after the text), and a stylesheet of ours, added after pyLODE's,
darkens its badges (``c``, ``op``, ``fp``, ...) and its footer to a contrast of 4.5:1 at
least, and makes each link of its lists of terms a target of 24 by 24 pixels (WCAG 2.2,
2.5.8). The page stays a
document of its own, outside the site's frame: pyLODE's table of contents is fixed to the
right of the window, which the frame's header and footer would have to make way for.

pyLODE takes seconds (3.8 s of a first visit of ``/ontology`` on a quiet machine), and the
page depends only on the ontology file, this module and the versions of pyLODE and the
libraries it writes with: ``tkg build`` makes it (``keep_ontology_html``, beside HermiT's
reasoning) and keeps it in the build's cache folder (``TKG_BUILD_CACHE``,
:mod:`kg.buildcache`) under a name made of that key; ``/ontology`` serves that file
(``kept_ontology_html``), and makes the page itself, keeping it, when the file is missing,
unreadable or of another key.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import sys
import tempfile
import types
import warnings
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.rdf.namespaces import ONTOLOGY_IRI, PREFIXES
from kg.resources import ontology_file
from kg.store import serialize_rdf
from kg.store.formats import Format

__all__ = [
    "accessible",
    "keep_ontology_html",
    "kept_ontology_html",
    "ontology_html",
    "ontology_rdf",
    "page_file",
    "page_key",
    "pylode_input",
    "version_iri",
]


def _import_pylode() -> type:
    """pyLODE's ``OntPub``; importing pyLODE calls ``logging.basicConfig(level=DEBUG)``
    (in ``profiles/supermodel/loader.py``), which is undone here."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    if "pylode.version" not in sys.modules:
        try:
            import pylode.version  # noqa: F401
        except FileNotFoundError:
            shim = types.ModuleType("pylode.version")
            shim.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
            sys.modules["pylode.version"] = shim
    from pylode import OntPub

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return OntPub


def ontology_html(path: Path | None = None) -> str:
    """The ontology's documentation page, made by pyLODE (takes seconds: cache it)."""
    with warnings.catch_warnings():
        # pyLODE reads its CSS with open(...).read() and never closes the file
        warnings.simplefilter("ignore", ResourceWarning)
        ont_pub = _import_pylode()
        return accessible(str(ont_pub(ontology=pylode_input(path)).make_html()))


#: Our stylesheet, after pyLODE's: colours of 4.5:1 at least on white and on pyLODE's pale
#: blue (#F4FFFF), links in lists of terms 24 pixels high and wide at least, long IRIs that
#: break anywhere, and in a narrow window (a phone's) one column: the table of contents and
#: pyLODE's badge no longer fixed beside the text but after it, each term's table a list,
#: and a link at the top that jumps to the contents (hidden where they stand beside the text).
_STYLE = """
<style id="tkg-accessible">
.sup-c, .sup-con { color: #a04c00; }
.sup-fp { color: #0b6396; }
#pylode, #pylode #p, #pylode #y { color: #595959; }
#content li > a, #toc li > a { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; }
#content a, #content code, #content td, #content dd { overflow-wrap: anywhere; }
.tkg-jump { display: none; }
@media (max-width: 48rem) {
  .tkg-jump { display: block; margin: 0 0 1em; }
  body { padding: 1em; }
  #content { width: auto; }
  #toc, #pylode { position: static; width: auto; height: auto; transform: none; }
  #toc { margin-top: 2em; }
  .entity table, .entity tbody, .entity tr, .entity th, .entity td { display: block;
    width: auto; }
  .entity th, .entity td { padding-bottom: 0.5em; }
  #metadata dd, #namespaces dd { margin-left: 1em; }
  #legend table.entity { width: auto; }
}
</style>
"""

#: pyLODE's opening tags, and what they become.
_TAGS = {
    "<html>": '<html lang="en">',
    '<div id="content">': '<div id="content" role="main">'
    '<p class="tkg-jump"><a href="#toc">Table of contents</a></p>',
    '<div id="toc">': '<div id="toc" role="navigation" aria-label="Table of contents">',
    '<div id="pylode">': '<div id="pylode" role="contentinfo">',
}


def accessible(page: str) -> str:
    """pyLODE's ``page`` amended for its readers (module docstring): its language, its
    landmarks, our stylesheet. Tags pyLODE did not write are left as they are.

    >>> page = accessible('<html><head></head><body><div id="content">ok</div></body></html>')
    >>> page.startswith('<html lang="en"><head><style id="tkg-accessible">')
    True
    >>> page.endswith('<div id="content" role="main"><p class="tkg-jump">'
    ...               '<a href="#toc">Table of contents</a></p>ok</div></body></html>')
    True
    """
    for tag, amended in _TAGS.items():
        page = page.replace(tag, amended, 1)
    return page.replace("</head>", _STYLE.lstrip("\n") + "</head>", 1)


def pylode_input(path: Path | None = None) -> Graph:
    """The ontology as pyLODE should read it: its concept schemes not typed
    ``skos:ConceptScheme``, so that pyLODE documents the ``owl:Ontology`` (module docstring).

    >>> graph = pylode_input()
    >>> from rdflib.namespace import OWL
    >>> [str(s) for s in graph.subjects(RDF.type, OWL.Ontology)]
    ['https://w3id.org/technocracy/ontology']
    >>> (None, RDF.type, SKOS.ConceptScheme) in graph
    False
    """
    graph = Graph().parse(path or ontology_file(), format="turtle")
    graph.remove((None, RDF.type, SKOS.ConceptScheme))
    return graph


def ontology_rdf(fmt: Format, path: Path | None = None) -> bytes:
    """The ontology in ``fmt``: the file itself for Turtle, else converted by pyoxigraph."""
    source = path or ontology_file()
    data = source.read_bytes()
    if fmt.name == "ttl":
        return data
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    return serialize_rdf(triples, fmt, prefixes=PREFIXES)


@lru_cache(maxsize=4)
def version_iri(path: Path | None = None) -> str | None:
    """The ontology's ``owl:versionIRI``, from its file (read once).

    >>> version_iri()
    'https://w3id.org/technocracy/ontology/0.1.0'
    """
    source = path or ontology_file()
    for quad in ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE):
        if quad.predicate.value == _VERSION_IRI and quad.subject.value == ONTOLOGY_IRI:
            return str(quad.object.value)
    return None


_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


#: the distributions whose versions change pyLODE's page
_WRITERS = ("pylode", "rdflib", "dominate", "markdown")


def page_key(path: Path | None = None) -> str:
    """The key of the ontology's page: the ontology file, this module (which amends the
    page) and the versions of pyLODE and the libraries it writes with, hashed.

    >>> len(page_key()), page_key() == page_key()
    (64, True)
    """
    h = hashlib.sha256()
    h.update((path or ontology_file()).read_bytes() + b"\0" + Path(__file__).read_bytes())
    for name in _WRITERS:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            h.update(f"\0{name} {importlib.metadata.version(name)}".encode())
    return h.hexdigest()


def page_file(key: str) -> Path | None:
    """Where the page of ``key`` is kept (it may not exist); None when the build's cache is
    ``off`` (``TKG_BUILD_CACHE``)."""
    from kg.buildcache import cache_folder

    folder = cache_folder()
    return None if folder is None else folder / f"ontology-{key}.html"


def kept_ontology_html(path: Path | None = None) -> str | None:
    """The page kept for the ontology as it is now, or None (none kept, unreadable, or kept
    for another ontology, code or pyLODE: another key)."""
    file = page_file(page_key(path))
    if file is None:
        return None
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def keep_ontology_html(page: str | None = None, path: Path | None = None) -> Path | None:
    """Keep ``page`` (made by pyLODE when not given, unless one is kept already) as the
    ontology's page of its key; the file, or None when there is no cache or it cannot be
    written. Written under a temporary name and renamed, so a reader never sees half of
    it; the pages of other keys are removed."""
    file = page_file(page_key(path))
    if file is None:
        return None
    if page is None:
        if file.is_file():
            return file
        page = ontology_html(path)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=".html")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(page)
        os.replace(scratch, file)
    except OSError:
        return None
    for other in file.parent.glob("ontology-*.html"):
        if other != file:
            with contextlib.suppress(OSError):
                other.unlink()
    return file
