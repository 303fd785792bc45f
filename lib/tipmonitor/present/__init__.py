"""What a reader sees: status presentation, charts, tables,
the narrative, the workbook, the report objects the notebooks call, HTML export.

May import: core, model, intake, store, metrics.
"""
