"""tipmonitor: monitoring a city's anti-trafficking plan (Plan 17/KH-BCĐ799 and its successors).

Case records and aggregate counts from the city's units go in; the plan's KPIs,
their status against each plan year's targets and their change against the 2022
baseline come out. Modules, one job each:

- ``periods``: reporting periods and their date windows (15th-14th or calendar);
- ``units``: the unit registry and name matching;
- ``schema`` / ``loading`` / ``checks`` / ``privacy``: reading and validating input;
- ``sample``: the synthetic data generator;
- ``counts``: events to a cube of counts per unit, window, stage and measure;
- ``registry`` / ``evaluation``: the indicators, their targets and statuses.

Heavy modules are imported where used, so ``import tipmonitor`` stays cheap.
"""

__version__ = "0.1.0"

from ._imports import defer_rfc3987_syntax as _defer

_defer()
