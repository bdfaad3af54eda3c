"""The declared public API is complete: every public name is listed in ``__all__``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import api
import kg

MODULES = sorted(
    m.name
    for package in (kg, api)
    for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if not m.name.split(".")[-1].startswith("_")
)


def test_package_all_matches_its_names():
    public = {name for name in vars(kg) if not name.startswith("_") and name not in {"annotations"}}
    modules = {name for name in public if inspect.ismodule(getattr(kg, name))}
    assert set(kg.__all__) - {"__version__"} == public - modules
    for name in kg.__all__:
        assert hasattr(kg, name), name


@pytest.mark.parametrize("name", MODULES)
def test_module_all_lists_what_it_defines(name):
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} declares no __all__"
    defined = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_")
        and attr.isidentifier()  # pydantic files specialised generics under "Paged[X]"
        and (inspect.isfunction(value) or inspect.isclass(value))
        and getattr(value, "__module__", None) == name
    }
    missing = defined - set(module.__all__)
    assert not missing, f"{name} defines public {sorted(missing)} but leaves them out of __all__"
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ names {attr}, which does not exist"
