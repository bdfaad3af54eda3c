"""Mentions of the ontology's terms in a text, found by their labels.

Labels and alternative labels are matched as token sequences, so case, hyphenation
and line breaks do not matter ("human-on-the-loop", "Human on the\\nloop") and
plurals fold to the singular ("technocrats", "smart cities"). All-capital labels
("CDO", "HOTL") match only in capitals, plural "CDOs" included. The longest label
wins where labels overlap. Only concepts are matched: classes and individuals of
the ontology's families, not its properties or its own machinery; and a one-word
alternative label of a many-word concept ("civic" for the civic domain) only in
capitals, as an acronym, since as a common word it would mostly name something
else; of a one-word concept it is a variant and matches ("nudge" for nudging).

>>> m = ConceptMatcher([("t:Smart", "smart city"), ("t:HOTL", "HOTL"),
...                     ("t:Loop", "human-on-the-loop")])
>>> [(x.term, x.text) for x in m.find("Smart cities run human on the\\nloop (HOTL), not hotl.")]
[('t:Smart', 'Smart cities'), ('t:Loop', 'human on the\\nloop'), ('t:HOTL', 'HOTL')]
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.store import Store, value_of

__all__ = ["ConceptMatcher", "Mention", "concept_labels", "load_matcher", "singular"]

_TOKEN = re.compile(r"[^\W_]+")

_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX tech: <https://w3id.org/technocracy/ontology#>
SELECT DISTINCT ?term ?label ?kind WHERE {
  VALUES ?kind { skos:prefLabel skos:altLabel }
  GRAPH <https://w3id.org/technocracy/graph/ontology> {
    ?term skos:inScheme ?scheme ; ?kind ?label .
    { ?term a owl:Class } UNION { ?term a owl:NamedIndividual }
    FILTER (?scheme != tech:InfrastructureScheme)
    FILTER NOT EXISTS { ?term a skos:ConceptScheme }
  }
}
ORDER BY DESC(?kind) ?term ?label
"""


@dataclass(frozen=True)
class Mention:
    """A term found at ``start``-``end``, written as ``text``."""

    term: str
    start: int
    end: int
    text: str
    label: str


@lru_cache(maxsize=1 << 17)  # words repeat: most tokens of a text are cache hits
def singular(word: str) -> str:
    """A crude English singular for matching, applied alike to labels and text.

    >>> [singular(w) for w in ("cities", "technocrats", "processes", "class", "data", "bus")]
    ['city', 'technocrat', 'process', 'class', 'data', 'bus']
    """
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 4 and word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return (
        bool(letters)
        and len(label) <= 8
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


@lru_cache(maxsize=1 << 17)
def _acronym_key(token: str) -> str:
    return token[:-1] if len(token) > 2 and token.endswith("s") and token[:-1].isupper() else token


@lru_cache(maxsize=1 << 17)
def _keys(token: str) -> tuple[tuple[str, str], tuple[str, str]]:
    return ("w", singular(token.lower())), ("A", _acronym_key(token))


class ConceptMatcher:
    """Finds terms by label in text; build once, use on many texts."""

    def __init__(self, labels: Iterable[tuple[str, str]]) -> None:
        self._trie: dict = {}
        self._opens: dict[str, bool] = {}
        self.size = 0
        for term, label in labels:
            tokens = _TOKEN.findall(label)
            if not tokens:
                continue
            if _is_acronym(label):
                keys = [("A", _acronym_key(t)) for t in tokens]
            else:
                if len(label) < 3:
                    continue
                keys = [("w", singular(t.lower())) for t in tokens]
            node = self._trie
            for key in keys:
                node = node.setdefault(key, {})
            node.setdefault(None, (term, label))
            self.size += 1

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text[start:end]``, longest first, in text order.

        The tokens are kept as offsets in an array (16 bytes each), not as match objects
        and strings (about 180): a text of 50 MB has some 8 million of them."""
        stop = len(text) if end is None else end
        spans = array("q")  # each token's start and end
        candidates = array("q")  # the tokens a label may start with: most words, none
        opens = self._opens  # whether a label starts with this word
        for k, match in enumerate(_TOKEN.finditer(text, start, stop)):
            spans.extend(match.span())
            token = match.group()
            opening = opens.get(token)
            if opening is None:
                if len(opens) > 1 << 18:
                    opens.clear()
                opening = opens[token] = any(key in self._trie for key in _keys(token))
            if opening:
                candidates.append(k)
        count = len(spans) // 2

        def word(k: int) -> str:
            return text[spans[2 * k] : spans[2 * k + 1]]

        found: list[Mention] = []
        after = 0  # the first token not inside a mention found already
        for i in candidates:
            if i < after:
                continue
            best: tuple[int, tuple[str, str]] | None = None
            for first in _keys(word(i)):
                node = self._trie.get(first)
                j = i
                while node is not None:
                    if None in node and (best is None or j > best[0]):
                        best = (j, node[None])
                    j += 1
                    if j >= count:
                        break
                    node = next((node[k] for k in _keys(word(j)) if k in node), None)
            if best is None:
                continue
            last, (term, label) = best
            s, e = spans[2 * i], spans[2 * last + 1]
            found.append(Mention(term, s, e, text[s:e], label))
            after = last + 1
        return found


def concept_labels(store: Store) -> list[tuple[str, str]]:
    """(term, label) pairs of the concepts in the ontology graph of ``store``."""
    # which label it is comes as the property's IRI, not a computed boolean (Virtuoso
    # answers ``true`` as ``1``); ordered, so that where two terms share a label the same
    # one wins on every store
    rows = [
        (value_of(r, "term"), value_of(r, "label"), value_of(r, "kind") == _PREF_LABEL)
        for r in store.query(_LABELS).rows()
    ]
    one_word = {
        term for term, label, preferred in rows if preferred and len(_TOKEN.findall(label)) == 1
    }
    return [
        (term, label)
        for term, label, preferred in rows
        if preferred
        or _is_acronym(label)
        or len(_TOKEN.findall(label)) > 1
        or term in one_word  # a variant of a one-word concept: nudge, nudging
    ]


def load_matcher(store: Store) -> ConceptMatcher:
    """A matcher over the concepts of the ontology graph in ``store``."""
    return ConceptMatcher(concept_labels(store))
