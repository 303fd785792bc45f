"""Keep a slow, unused import out of every kernel and command start.

jsonschema imports ``rfc3987_syntax`` (a Lark grammar compiled at import, about
0.75 s here) to check the "iri" formats when that package is installed, which the
Jupyter server's dependencies do. Altair imports jsonschema but never checks those
formats. A stand-in module defers the real import to the first actual use of
``is_valid_syntax``, so the behaviour is unchanged and the cost is paid only if an
IRI is ever validated.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

NAME = "rfc3987_syntax"


def defer_rfc3987_syntax() -> None:
    if NAME in sys.modules or importlib.util.find_spec(NAME) is None:
        return
    real: list[types.ModuleType] = []

    def load() -> types.ModuleType:
        if not real:
            del sys.modules[NAME]
            real.append(importlib.import_module(NAME))
        return real[0]

    def attribute(name: str):
        if name.startswith("__"):  # the import machinery probing __path__, __file__...: not a use
            raise AttributeError(name)
        return getattr(load(), name)

    shim = types.ModuleType(NAME, "Deferred import of rfc3987_syntax (see tipmonitor.core.lazy_imports).")
    setattr(shim, "is_valid_syntax", lambda *args, **kwargs: load().is_valid_syntax(*args, **kwargs))  # noqa: B010
    setattr(shim, "__getattr__", attribute)  # noqa: B010  (a module-level __getattr__, PEP 562)
    sys.modules[NAME] = shim
