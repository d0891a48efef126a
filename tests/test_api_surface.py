"""The public surface: __all__ complete and sorted, lazy import, docstrings."""

from __future__ import annotations

import inspect
import subprocess
import sys

import multivector as mv


def test_all_sorted_and_complete():
    assert mv.__all__ == sorted(mv.__all__)
    for name in mv.__all__:
        assert getattr(mv, name) is not None


def test_public_functions_have_examples():
    for name in mv.__all__:
        obj = getattr(mv, name)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj) or ""
            assert ">>>" in doc, f"{name} lacks an example"


def test_import_is_light():
    code = "import sys, multivector; print(sorted(m for m in ('pandas', 'duckdb', 'pyarrow', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_errors_form_one_tree():
    for name in mv.__all__:
        obj = getattr(mv, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert issubclass(obj, mv.MultivectorError)


def test_doctests_of_foundation_modules():
    import doctest

    from multivector import _years
    from multivector.data import _cite, _system
    from multivector.engine import _membership, _resolve

    for mod in (_cite, _membership, _resolve, _system, _years):
        res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert res.failed == 0, mod.__name__
