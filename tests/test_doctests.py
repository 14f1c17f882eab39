"""The small pure helpers document themselves with doctests; run them."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "core.codes",
    "core.gatherings",
    "core.validation",
    "core.i18n",
    "core.ratelimit",
    "core.ambitions",
    "core.charts",
    "core.db",
    "core.words",
    "core.exports",
    "core.settings",
    "pages._ui.projector_view",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
