"""Accessibility checks with axe-core, run in the page Playwright drives.

axe-core (npm, pinned in the Makefile's ``NODE_TOOLS``) is installed into ``.tools/`` by
``make node-tools``; its built script is evaluated in the page as a DevTools evaluation,
which the page's Content-Security-Policy does not govern, so the page is checked as it is
served. Use it from any page test::

    from tests.api.axe_support import assert_accessible

    def test_my_page(page, built_server):
        page.goto(f"{built_server}/my/page")
        assert_accessible(page)

``assert_accessible`` fails on any violation of impact ``serious`` or ``critical`` (the WCAG
2 A and AA rules and axe's best practices), naming each rule, its help text, how many
elements break it and the first few of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"

#: The impacts a page may not have.
BLOCKING = ("serious", "critical")

#: What axe checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_source() -> str:
    """The axe-core script; a test fails, saying how to install it, when it is missing."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: `make node-tools` installs it into .tools/")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any, *, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now: each with ``id`` (the rule), ``impact``,
    ``help`` and ``nodes`` (the elements, each with its ``target`` selectors). Elements
    matching the CSS selectors of ``exclude`` are left out."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    context = {"exclude": [[s] for s in exclude]} if exclude else None
    return page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await window.axe.run(context || document, options);
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, impact: n.impact})),
            }));
        }""",
        [context, TAGS],
    )


def counts(violations: Iterable[dict[str, Any]], impacts: Iterable[str] = BLOCKING) -> dict:
    """How many elements break each rule, for the rules of the given impacts."""
    wanted = set(impacts)
    return {v["id"]: len(v["nodes"]) for v in violations if v["impact"] in wanted}


def assert_accessible(
    page: Any, *, impacts: Iterable[str] = BLOCKING, exclude: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Fail on any violation of the given impacts (serious and critical by default);
    return all of axe's violations, the minor and moderate ones too."""
    violations = axe_violations(page, exclude=exclude)
    wanted = set(impacts)
    blocking = [v for v in violations if v["impact"] in wanted]
    report = [
        f"{v['impact']}: {v['id']} ({v['help']}), {len(v['nodes'])} elements, e.g. "
        + ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        for v in blocking
    ]
    assert not blocking, f"axe on {page.url}:\n" + "\n".join(report)
    return violations
