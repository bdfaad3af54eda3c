"""What may name a document: its id, in IRIs and graph names (``graph/corpus/{doc}``).

Apart from the ingest pipeline, which re-exports it, so that a page that checks an id in a
request does not import the whole pipeline (PDF and sentence splitting included: 0.2-0.3
CPU s of the server's start).
"""

from __future__ import annotations

import re

from kg.errors import InputError

__all__ = ["check_doc_id"]

_DOC_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.~-]*[A-Za-z0-9_~-])?")


def check_doc_id(doc: str) -> str:
    """``doc`` if it can name a document in IRIs and graph names (``graph/corpus/{doc}``):
    letters, digits and ``- _ . ~``, starting with a letter or digit, not ending with a dot,
    no ``..``; else an ``InputError`` saying so.

    >>> check_doc_id("kitchin2019smart")
    'kitchin2019smart'
    >>> check_doc_id("ab/cd")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --id: not a document id: 'ab/cd' (use letters, digits and - _ . ~, ...)
    """
    if not _DOC_ID.fullmatch(doc) or ".." in doc:
        raise InputError(
            f"not a document id: {doc!r} (use letters, digits and - _ . ~, as in kitchin2019smart)",
            where="--id",
        )
    return doc
