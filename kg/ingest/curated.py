"""A scholar's settled reading of a text's citations (a curated key -> reference mapping)
applied over the automatic resolution, which it overrides without hiding it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from kg.bib.graph import confidence_of
from kg.ingest.model import Citation, Reference, Resolution
from kg.ingest.wording import cited_key

__all__ = ["apply_curated"]


def apply_curated(
    citations: list[Citation],
    resolutions: list[Resolution],
    references: list[Reference],
    curated: Mapping[str, str],
    source: str,
) -> list[Resolution]:
    """Resolutions with the settled key → id pairs of ``curated`` applied.

    Where the automatic match agrees it stands, and the reason says it agrees; where
    it differs the curated id wins, its confidence no higher than 0.7 (or the entry's
    own doubt), and the reason keeps what the automatic match said.
    """
    ids = {r.id: r for r in references}
    out = []
    for citation, automatic in zip(citations, resolutions, strict=True):
        wanted = curated.get(cited_key(citation))
        if wanted is None or wanted not in ids:
            out.append(automatic)
        elif automatic.reference == wanted:
            out.append(replace(automatic, reason=f"{automatic.reason}; agrees with {source}"))
        else:
            level, _ = confidence_of(ids[wanted].csl)
            cap = {"high": 0.7, "medium": 0.7, "low": 0.4}.get(level or "high", 0.7)
            out.append(
                Resolution(
                    wanted,
                    cap,
                    f"{source} settles it; the automatic match was "
                    f"{automatic.reference or 'none'} ({automatic.reason})",
                )
            )
    return out
