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

import itertools
import re
from collections.abc import Iterable, Iterator
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
        self._openers = _openers(self._trie)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Non-overlapping mentions in ``text[start:end]``, longest first, in text order.

        Only the tokens a label may start with are visited (:func:`_openers` finds them
        in one pass of the regex engine); from each, the following tokens are read one
        by one for as long as the trie goes on."""
        stop = len(text) if end is None else end
        found: list[Mention] = []
        after = start  # where the text not inside a mention found already starts
        for i, j in self._candidates(text, start, stop):
            if i < after:
                continue
            best: tuple[int, tuple[str, str]] | None = None
            for first in _keys(text[i:j]):
                node = self._trie.get(first)
                last = j
                while node is not None:
                    if None in node and (best is None or last > best[0]):
                        best = (last, node[None])
                    following = _TOKEN.search(text, last, stop)
                    if following is None:
                        break
                    last = following.end()
                    word = following.group()
                    node = next((node[k] for k in _keys(word) if k in node), None)
            if best is None:
                continue
            e, (term, label) = best
            found.append(Mention(term, i, e, text[i:e], label))
            after = e
        return found

    def _candidates(self, text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
        """The spans of the tokens of ``text[start:stop]`` a label starts with."""
        opens = self._opens  # whether a label starts with this word
        if self._openers is None:  # labels beyond what the pattern is made for
            matches: Iterable[re.Match[str]] = _TOKEN.finditer(text, start, stop)
        else:
            matches = self._openers.finditer(text, start, stop)
            if start > 0 and _TOKEN.match(text, start - 1, start):
                # a token cut at ``start``: the pattern's look-behind sees what is before
                head = _TOKEN.match(text, start, stop)
                if head is not None:
                    matches = itertools.chain(
                        [head], self._openers.finditer(text, head.end(), stop)
                    )
        for match in matches:
            token = match.group()
            opening = opens.get(token)
            if opening is None:
                if len(opens) > 1 << 18:
                    opens.clear()
                opening = opens[token] = any(key in self._trie for key in _keys(token))
            if opening:
                yield match.span()


def _openers(trie: dict) -> re.Pattern[str] | None:
    """A pattern of whole tokens that may open a label: each written form whose key
    (:func:`_keys`) starts one, a plural or a capital more or less (it is checked again);
    None for keys not in ASCII letters and digits (case-insensitive matching is only
    sure to agree with :meth:`str.lower` there)."""
    words: set[str] = set()
    acronyms: set[str] = set()
    for kind, key in (k for k in trie if k is not None):
        if not (key.isascii() and key.isalnum()):
            return None
        if kind == "w":
            forms = (key, key + "s", key + "es", key[:-1] + "ies")
            words.update(f for f in forms if singular(f) == key)
        else:
            acronyms.update(f for f in (key, key + "s") if _acronym_key(f) == key)

    def alternatives(forms: set[str]) -> str:  # as a trie: the engine tries no option twice
        tree: dict = {}
        for form in forms:
            node = tree
            for char in form:
                node = node.setdefault(char, {})
            node[""] = {}
        return _trie_pattern(tree)

    options = [f"(?i:{alternatives(words)})"] if words else []
    options += [f"(?:{alternatives(acronyms)})"] if acronyms else []
    if not options:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(options)})(?![^\W_])")


def _trie_pattern(tree: dict) -> str:
    """A regular expression of the words in ``tree`` (a character trie, ``""`` marking
    where a word ends), branching once per character."""
    options = [re.escape(char) + _trie_pattern(sub) for char, sub in sorted(tree.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    return f"(?:{body})?" if "" in tree else body


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
