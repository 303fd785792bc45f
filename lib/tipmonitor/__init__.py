"""tipmonitor: monitoring a city's anti-trafficking plan of each year (params/city.yaml, plans).

Case records and aggregate counts from the city's units go in; the plan's KPIs,
their status against each plan year's targets and their change against the 2022
baseline come out. The subpackages follow the data, and each imports only from
itself and the ones before it (``LAYERS`` below; tests/test_architecture.py):

- ``core``: paths, text normalisation, the words users read, numbers as printed, problems, reading settings files, file safety;
- ``model``: periods, units over time, measures, the input schema, the city's settings;
- ``intake``: files to validated tables (reading, mapping, checks, personal-data guard, template);
- ``store``: submissions kept, archived and rebuilt; where analyses read their data;
- ``metrics``: counts, the indicator registry, evaluation, disclosure control, data quality;
- ``present``: charts, tables, the narrative, the workbook, the report objects;
- ``run``: warm kernels, the period run, publishing;
- ``tools``: the sample generator, the reference-file builder, the data-model docs;
- ``cli``: the command line.

The public API for notebooks is at the top: ``tipmonitor.PeriodReport``,
``tipmonitor.UnitProfile``, ``tipmonitor.DataQuality``, ``tipmonitor.Explorer``.
Heavy modules are imported when first used, so ``import tipmonitor`` stays cheap.
Module paths from before the subpackages (``tipmonitor.report``, ``tipmonitor.store``'s
``Store``...) still import, for analysts' own notebooks.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

from tipmonitor.core.lazy_imports import defer_rfc3987_syntax as _defer

__version__ = "0.1.0"

# The data flow, in order: a module imports only from its own layer and those before it.
LAYERS = ("core", "model", "intake", "store", "metrics", "present", "run", "tools", "cli")

_defer()

_PUBLIC = {
    "PeriodReport": "tipmonitor.present.report",
    "UnitProfile": "tipmonitor.present.report",
    "DataQuality": "tipmonitor.present.report",
    "Explorer": "tipmonitor.present.explore",
}

# Where each module of the flat layout (up to 2026-11) lives now.
_MOVED = {
    "report": "present.report", "explore": "present.explore", "evaluation": "metrics.evaluation",
    "counts": "metrics.counts", "registry": "metrics.registry", "disclosure": "metrics.disclosure",
    "periods": "model.periods", "units": "model.units", "schema": "model.schema", "loading": "intake.loading",
    "runner": "run.runner", "sample": "tools.sample", "recovery": "store.recovery",
}

__all__ = ["DataQuality", "Explorer", "PeriodReport", "UnitProfile"]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'tipmonitor' has no attribute {name!r}")


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Lets ``import tipmonitor.report`` give the module now at ``tipmonitor.present.report``."""

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, old = fullname.partition(".")
        if prefix == "tipmonitor" and old in _MOVED:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module("tipmonitor." + _MOVED[spec.name.partition(".")[2]])
        self.real_spec = module.__spec__  # the import system is about to overwrite it with the alias's
        return module

    def exec_module(self, module):
        module.__spec__ = self.real_spec


sys.meta_path.append(_MovedModules())
