"""Files to validated tables: reading CSV/Excel/Parquet, column mappings, parsing and
checking every field, the guard over raw cells (sizes, personal data, formula-like text,
ids that are not codes) and its limits, the Excel template units fill in.

May import: core, model.
"""
