"""The order of the zygote's in-memory copy (``kg.store.executor.layout``): every quad of
the snapshot exactly once, sorted, with each blank node's quads after the subject that
first names it; and a copy loaded in that order answers as the store does."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.store.executor.layout import ordered_quads

NAMED = [f"<http://e/{c}>" for c in "abcd"]
BLANKS = [f"_:{c}" for c in ("b", "b1", "b10", "c")]
OBJECTS = [*NAMED, *BLANKS, '"x > _:b1 y"', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>']
GRAPHS = ["", " <http://e/g>"]


def _line(parts: tuple[str, str, str, str]) -> bytes:
    subject, predicate, obj, graph = parts
    return f"{subject} {predicate} {obj}{graph} .\n".encode()


def _statements(objects: list[str], blank_objects: list[str]) -> st.SearchStrategy[list[bytes]]:
    named = st.tuples(
        st.sampled_from(NAMED),
        st.sampled_from(["<http://e/p>", "<http://e/q>"]),
        st.sampled_from(objects),
        st.sampled_from(GRAPHS),
    )
    blank = st.tuples(
        st.sampled_from(BLANKS),
        st.sampled_from(["<http://e/p>", "<http://e/q>"]),
        st.sampled_from(blank_objects),
        st.sampled_from(GRAPHS),
    )
    return st.lists((named | blank).map(_line), unique=True, max_size=40)


#: anything: cycles of blank nodes, blank nodes naming themselves, a literal that looks like
#: a blank object
statements = _statements(OBJECTS, OBJECTS)
#: blank nodes named by named subjects only
flat = _statements([*NAMED, *BLANKS, '"1"'], [*NAMED, '"1"'])


@settings(max_examples=300, deadline=None)
@given(statements)
def test_every_line_comes_out_once(lines: list[bytes]) -> None:
    """Whatever the blank nodes name: the output is a permutation of the input."""
    out = ordered_quads(b"".join(lines))
    assert sorted(out) == sorted(lines)


@settings(max_examples=300, deadline=None)
@given(flat)
def test_named_subjects_stay_sorted_and_blank_nodes_follow_their_first_referrer(
    lines: list[bytes],
) -> None:
    out = ordered_quads(b"".join(lines))
    named = [line for line in out if not line.startswith(b"_:")]
    assert named == sorted(named)
    position = {line: i for i, line in enumerate(out)}
    for blank in BLANKS:
        own = [position[line] for line in out if line.startswith(f"{blank} ".encode())]
        if not own:
            continue
        # it stays in one run of lines
        assert own == list(range(own[0], own[0] + len(own)))
        referrers = [position[line] for line in lines if line.split(b" ")[2] == blank.encode()]
        if referrers:  # right after its first referrer's lines and its other blank nodes'
            first = out[min(referrers)]
            subject = first[: first.find(b" ") + 1]
            last_of_subject = max(i for i, line in enumerate(out) if line.startswith(subject))
            between = out[last_of_subject + 1 : own[0]]
            assert between == [line for line in between if line.startswith(b"_:")]
        else:  # named by nothing: after every named subject
            assert own[0] >= len(named)


def test_a_last_statement_without_a_line_break_gets_one() -> None:
    doc = b"<http://e/b> <http://e/p> _:x .\n_:x <http://e/q> 1 .\n<http://e/a> <http://e/p> 2 ."
    out = ordered_quads(doc)
    assert all(line.endswith(b"\n") for line in out)
    assert [line.split(b" ")[0] for line in out] == [b"<http://e/a>", b"<http://e/b>", b"_:x"]


def test_a_store_copied_in_this_order_answers_as_the_store_does() -> None:
    store = ox.Store()
    store.update(
        "INSERT DATA { GRAPH <http://e/g> { <http://e/w1> <http://e/creator> _:ann , _:bob . "
        '_:ann <http://e/name> "Ann" ; <http://e/knows> _:bob . _:bob <http://e/name> "Bob" . '
        '<http://e/w2> <http://e/list> ( "x" "y" ) } }'
    )
    copy = ox.Store()
    copy.load(
        b"".join(ordered_quads(store.dump(format=ox.RdfFormat.N_QUADS))), ox.RdfFormat.N_QUADS
    )
    assert len(copy) == len(store) == 10
    query = (
        "SELECT ?w ?n ?k { GRAPH ?g { ?w <http://e/creator> ?p . ?p <http://e/name> ?n "
        "OPTIONAL { ?p <http://e/knows>/<http://e/name> ?k } } } ORDER BY ?n"
    )
    answer = [
        [str(row[v]) if row[v] else None for v in ("w", "n", "k")] for row in copy.query(query)
    ]
    assert answer == [["<http://e/w1>", '"Ann"', '"Bob"'], ["<http://e/w1>", '"Bob"', None]]
