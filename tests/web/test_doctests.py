"""The examples in the docstrings of the web's modules run and hold."""

import doctest
import importlib

import pytest

MODULES = [
    "searcher.matches",
    "searcher.kwic",
    "searcher.timeline",
    "searcher.export",
    "web.admin",
    "web.openapi",
    "web.script",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
