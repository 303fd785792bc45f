"""Files to validated tables: reading CSV/Excel/Parquet, workbook mappings and their drafts
(``tipmonitor map``), the vocabulary units write, the lines of a register that are not
records (signature blocks, notes), parsing and checking every field, the guard over raw cells (sizes, personal data, formula-like text,
ids that are not codes) and its limits, the Excel template units fill in.

May import: core, model.
"""
