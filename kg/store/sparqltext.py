"""SPARQL as text, read and extended safely: a query's form, where its prologue ends,
where its ``WHERE`` group opens, and bindings written into it as a ``VALUES`` block of typed
terms, never as text. The remote store binds values this way, and ``kg.store.named`` counts a
query's rows with it on every store.

pyoxigraph binds variables itself (``substitutions``); a SPARQL server cannot be handed
terms beside the query, so the terms go *into* the query as the first element of its
``WHERE`` group: ``{ VALUES (?a ?b) { (<iri> "text"@en) } ...``. Each term is written by
pyoxigraph in N-Triples syntax (IRIs checked, quotes and newlines escaped), so a value can
never end the block and add SPARQL of its own. Placed first in the group, the values are
seen by every ``FILTER``, ``BIND`` and ``OPTIONAL`` of that group, as with substitution; a
sub-select that does not project the variable does not see it (it would not see it on the
embedded store either, where it is a different variable).

>>> import pyoxigraph as ox
>>> print(with_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal('a" } ?x {')}))
SELECT ?s WHERE { VALUES (?o) { ("a\\" } ?x {") } ?s ?p ?o }
>>> print(with_values("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", {"s": ox.NamedNode("http://e/a")}))
CONSTRUCT { ?s ?p ?o } { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, StoreError

__all__ = [
    "UPDATE_KEYWORDS",
    "first_keyword",
    "form_start",
    "inlined",
    "names_dataset",
    "query_form",
    "syntax_message",
    "values_block",
    "where_brace",
    "with_values",
]

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: What the scanner steps over whole: comments, strings (long ones first), IRIs (SPARQL's
#: IRIREF excludes spaces and quotes, so ``?a < ?b`` is an operator, not an IRI), braces,
#: words (keywords, and names so that ``?select`` is not ``SELECT``), and any other character.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<brace>[{}])
  | (?P<word>[?$]?[A-Za-z_][A-Za-z0-9_-]*:?)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
#: A prefixed name or blank node label whole (``ex:a.from``, ``_:from``), SPARQL's PN_LOCAL
#: approximated as ``kg.store.guard`` does: ``_TOKEN`` splits names at dots and digits, which
#: is harmless for finding forms and braces but not for telling the keyword ``FROM`` apart.
_NAMED = re.compile(
    r"""
    (?P<skip>\#[^\n]*
           |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
           |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'
           |<[^<>"{}|^`\\\x00-\x20]*>
           |[?$@][\w\u00b7-\uffff-]+
           |(?:[A-Za-z_\u00c0-\uffff][\w.\u00b7-\uffff-]*)?:(?:[\w\u00b7-\uffff%\\:-]|\.(?=[\w:%]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
#: The words an update's operations start with (SPARQL 1.1 Update §3).
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def _form_token(query: str) -> re.Match[str] | None:
    for token in _TOKEN.finditer(query):
        if token.lastgroup == "word" and token.group().upper() in _FORMS:
            return token
        if token.lastgroup == "brace":
            return None
    return None


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the form of a query; None for anything else.

    >>> query_form("PREFIX select: <http://e/> BASE <http://b/> ask { ?s ?p ?o }")
    'ASK'
    """
    token = _form_token(query)
    return None if token is None else token.group().upper()


def names_dataset(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``).

    pyoxigraph 0.5 exposes no parsed query to ask, and rdflib's parser would cost
    milliseconds per query (and reads some queries otherwise than Oxigraph does), so the
    text is scanned: ``FROM`` is a reserved word of SPARQL found only in a dataset clause,
    so outside comments, strings, IRIs, variables, language tags and prefixed names it is
    one. The clause comes before the ``WHERE`` group (after the template, for
    ``CONSTRUCT``), so the scan stops there: a large ``VALUES`` block is never read. Only
    the answer for a query that parses matters (the store runs it next).

    >>> names_dataset("SELECT * FROM <http://e/g> { ?s ?p ?o }")
    True
    >>> names_dataset("CONSTRUCT { ?s ?p 'FROM' } from named <http://e/g> WHERE { }")
    True
    >>> names_dataset('SELECT ?from { ?s <http://e/from> "FROM"@from ; ex:a.from _:from } # FROM')
    False
    """
    if len(query) < 8192 and "from" not in query.lower():
        return False  # a small query without the letters: no scan (a large one stops early)
    depth = 0
    template = False  # inside, or past, a CONSTRUCT template
    construct = False
    for token in _NAMED.finditer(query):
        kind, text = token.lastgroup, token.group()
        if kind == "word":
            word = text.upper()
            if depth == 0 and word == "FROM":
                return True
            if depth == 0 and word == "CONSTRUCT":
                construct = True
            elif depth == 0 and word == "WHERE":
                template = True  # CONSTRUCT WHERE { ... }: the group is the pattern
        elif text == "{":
            if depth == 0 and not (construct and not template):
                return False  # the WHERE group: no dataset clause after it
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0 and construct:
                template = True
    return False


def first_keyword(text: str) -> tuple[str, int, int] | None:
    """The first word after the prologue (``PREFIX``, ``BASE``), upper-cased, with its line
    and column: what the text is (a query form, an update's operation, a typo).

    >>> first_keyword("PREFIX e: <http://e/>  # a comment\\n  drop GRAPH e:g")
    ('DROP', 2, 3)
    >>> first_keyword("queries/x.rq")
    ('QUERIES', 1, 1)
    """
    skip = 0
    for token in _NAMED.finditer(text):
        kind, word = token.lastgroup, token.group()
        if (kind == "other" and word.isspace()) or (kind == "skip" and word.startswith("#")):
            continue
        if skip:
            skip -= 1
            continue
        if kind == "word" and word.upper() in ("PREFIX", "BASE"):
            skip = 2 if word.upper() == "PREFIX" else 1
            continue
        if kind != "word":
            return None
        offset = token.start()
        line = text.count("\n", 0, offset) + 1
        return word.upper(), line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return None


def syntax_message(text: str, parser_message: str) -> str:
    """What is wrong with a query that does not parse. Where the parser stumbles over the
    first word it says ``expected CONSTRUCT`` a few columns on, whatever the word was: an
    update, or a typo, is named for what it is, at its own line and column.

    >>> syntax_message("SELEC * {}", "error at 1:10: expected CONSTRUCT")
    "error at 1:1: expected SELECT, CONSTRUCT, DESCRIBE or ASK, not 'SELEC'"
    >>> syntax_message("DROP GRAPH <http://e/g>", "error at 1:10: expected CONSTRUCT")
    'this is a SPARQL update (DROP), not a query'
    """
    first = first_keyword(text)
    if first is not None and first[0] in UPDATE_KEYWORDS:
        return f"this is a SPARQL update ({first[0]}), not a query"
    if first is not None and first[0] not in _FORMS:
        word = text.splitlines()[first[1] - 1][first[2] - 1 :].split()[0]
        return (
            f"error at {first[1]}:{first[2]}: expected SELECT, CONSTRUCT, DESCRIBE or ASK, "
            f"not {word!r}"
        )
    return parser_message


def form_start(query: str) -> int:
    """The offset of the keyword (``SELECT``, ``ASK``...) that ends the query's prologue.

    >>> q = "PREFIX ex: <http://e/> # SELECT in a comment\\nSELECT ?s { ?s ex:p 1 }"
    >>> q[form_start(q):]
    'SELECT ?s { ?s ex:p 1 }'
    """
    token = _form_token(query)
    if token is None:
        raise QuerySyntaxError("no SELECT, CONSTRUCT, DESCRIBE or ASK found", where="query")
    return token.start()


def where_brace(query: str) -> int:
    """The offset of the ``{`` that opens the query's ``WHERE`` group.

    >>> where_brace("PREFIX ex: <http://e/{x}> ASK { ?s ex:p 1 }")
    30
    """
    form: str | None = None
    depth = 0
    template_done = False
    for token in _TOKEN.finditer(query):
        kind = token.lastgroup
        text = token.group()
        if kind == "word" and form is None and depth == 0 and text.upper() in _FORMS:
            form = text.upper()
        elif kind == "word" and form == "CONSTRUCT" and depth == 0 and text.upper() == "WHERE":
            if not template_done:
                raise StoreError(
                    "bindings cannot be sent with the short form CONSTRUCT WHERE { ... }; "
                    "write CONSTRUCT { template } WHERE { pattern }"
                )
        elif kind == "brace":
            if text == "{":
                if form is not None and depth == 0 and (form != "CONSTRUCT" or template_done):
                    return token.start()
                depth += 1
            else:
                depth -= 1
                if depth == 0 and form == "CONSTRUCT":
                    template_done = True
    raise QuerySyntaxError("no WHERE group found to bind values in", where="query")


def values_block(bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for ``bindings``, each term in N-Triples syntax.

    >>> values_block({"n": ox.Literal(3), "w": ox.NamedNode("http://e/w")})
    'VALUES (?n ?w) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer> <http://e/w>) }'
    """
    names, terms = [], []
    for name, term in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise StoreError(f"not a SPARQL variable name: {name!r}")
        if isinstance(term, ox.BlankNode):
            raise StoreError(f"?{name}: a blank node cannot be sent to a server as a value")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise StoreError(f"?{name}: bind an IRI or a literal, not {type(term).__name__}")
        names.append(f"?{name}")
        terms.append(str(term))  # pyoxigraph's N-Triples form: escaped, typed
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def with_values(
    query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode] | None
) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block opening its ``WHERE`` group."""
    if not bindings:
        return query
    brace = where_brace(query)
    return f"{query[: brace + 1]} {values_block(bindings)}{query[brace + 1 :]}"


#: Keywords under which a term written for a variable would not mean what the variable did:
#: MINUS (its shared variables decide), groupings, inline data, federation.
_NOT_INLINED = {"MINUS", "GROUP", "HAVING", "VALUES", "SERVICE"}


class _Select:
    """One SELECT of a query being inlined: its group's depth, the bound variables its
    projection names (those of a sub-select are the outer query's), what else it keeps."""

    def __init__(self, depth: int, outer: bool) -> None:
        self.depth = depth
        self.outer = outer
        self.projected: set[str] = set()
        self.kept = 0
        self.open = True  # still in the projection


def inlined(
    query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode]
) -> str | None:
    r"""``query`` with each bound variable written as its term, and projected by the query as
    ``(term AS ?v)``: the one form whose value every branch of a UNION and every sub-select
    sees when the plan is made (a ``VALUES`` block opening the outer group reaches neither,
    nor do pyoxigraph's substitutions a UNION's branches: resource-anchors beside 100 papers
    took 2.4 s so, 1 ms inlined; concept-works over a SPARQL server, 8 s with a ``VALUES``
    block, since its sub-select ran for every concept). A sub-select that projects the
    variable gets the term and no longer projects it. None where writing the term in would
    change the query: a projection that is not a plain list of variables, a grouping,
    ``MINUS``, inline data, a variable the query assigns, a sub-select using the name as a
    variable of its own, or a result that does not parse.

    >>> print(inlined("SELECT ?a ?b WHERE {\n{ ?a <http://e/p> ?b } UNION "
    ...               "{ ?b <http://e/q> ?a }\n} ORDER BY ?a", {"a": ox.NamedNode("http://e/x")}))
    SELECT (<http://e/x> AS ?a) ?b WHERE {
    { <http://e/x> <http://e/p> ?b } UNION { ?b <http://e/q> <http://e/x> }
    } ORDER BY ?a
    >>> print(inlined("SELECT ?a ?n WHERE { { SELECT ?a ?n WHERE { ?a <http://e/p> ?n } } }",
    ...               {"a": ox.NamedNode("http://e/x")}))
    SELECT (<http://e/x> AS ?a) ?n WHERE { { SELECT ?n WHERE { <http://e/x> <http://e/p> ?n } } }
    >>> inlined("SELECT ?n WHERE { { SELECT ?n WHERE { ?a <http://e/p> ?n } } ?a ?p ?n }",
    ...         {"a": ox.NamedNode("http://e/x")}) is None  # the sub-select's own ?a
    True
    """
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not _VARIABLE.fullmatch(name) or not isinstance(term, ox.NamedNode | ox.Literal):
            return None
        terms[name] = str(term)  # N-Triples form: escaped, typed
    out: list[str] = []
    selects: list[_Select] = []
    depth = 0
    tail = False  # past the outer WHERE group: ORDER BY ?v names the projected term
    last = ""
    for token in _TOKEN.finditer(query):
        kind, text = token.lastgroup, token.group()
        upper = text.upper() if kind == "word" else ""
        if upper in _NOT_INLINED:
            return None
        var = text[1:] if kind == "word" and text[:1] in "?$" else None
        if var is not None and var not in terms and re.split(r"\W", var, maxsplit=1)[0] in terms:
            return None  # a token the scanner read longer than the variable (``?a-1``)
        current = selects[-1] if selects else None
        if upper == "SELECT":
            if current is not None and current.open:
                return None
            current = _Select(depth, outer=not selects)
            selects.append(current)
        elif current is not None and current.open:
            if kind == "brace" or upper == "WHERE":
                current.open = False
                if not current.outer and not current.kept:
                    return None
            elif kind == "other" and text in "(*":
                return None
            elif var in terms:
                current.projected.add(var)
                if current.outer:
                    out.append(f"({terms[var]} AS ?{var})")
                last = text
                continue  # a sub-select's: the outer query's variable, now a term
            elif var is not None:
                current.kept += 1
        if kind == "brace":
            depth += 1 if text == "{" else -1
            while selects and not selects[-1].open and depth <= selects[-1].depth:
                if selects[-1].outer and depth == 0:
                    tail = True
                    break
                selects.pop()
        if var in terms and not tail:
            if last.upper() == "AS":
                return None
            inner = [s for s in selects if not s.outer]
            if inner and var not in inner[-1].projected:
                return None  # a variable of the sub-select's own
            out.append(terms[var])
        else:
            out.append(text)
        if kind != "other" or not text.isspace():
            last = text
    written = "".join(out)
    try:
        ox.Store().query(written)  # parses (over no data): else the query is left as it was
    except SyntaxError:
        return None
    return written
