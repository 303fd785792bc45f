"""A period's run: warm kernels, papermill jobs per notebook and unit, publishing the
report folder (HTML, workbook, CSVs, manifest).

May import: core, model, intake, store, metrics, present.
"""
