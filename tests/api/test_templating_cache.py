"""The pages' compiled templates kept in the build's cache folder (``api.templating``): a
page rendered from the kept code is the page compiled from the source, and a folder that
cannot be written to leaves pages rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from api.templating import _bytecode_cache, environment

CONTEXT = {
    "base": "",
    "title": "<b>a title</b>",
    "crumbs": [],
    "here": "Home",
    "licence": None,
    "endpoint": "/sparql",
    "message": "a message",
}


def _page(cache: object) -> str:
    env = environment().overlay(bytecode_cache=cache, cache_size=0)  # compiled every time
    return env.get_template("message.html").render(**CONTEXT)


def test_the_compiled_templates_are_kept_and_render_the_same_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path))
    compiled = _page(None)
    assert _page(_bytecode_cache()) == compiled  # compiled, and kept
    kept = sorted((tmp_path / "templates").iterdir())
    assert kept and all(path.name.startswith("__jinja2_") for path in kept)
    assert _page(_bytecode_cache()) == compiled  # from the kept code
    assert "&lt;b&gt;a title&lt;/b&gt;" in compiled


def test_a_cache_folder_gone_leaves_the_pages_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("TKG_BUILD_CACHE", str(tmp_path))
    cache = _bytecode_cache()
    shutil.rmtree(tmp_path / "templates")
    assert _page(cache) == _page(None)


def test_no_cache_when_the_build_cache_is_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TKG_BUILD_CACHE", "off")
    assert _bytecode_cache() is None
