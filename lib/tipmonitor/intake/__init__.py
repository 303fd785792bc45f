"""Files to validated tables: reading CSV/Excel/Parquet, column mappings, parsing and
checking every field, the personal-data guard, the Excel template units fill in.

May import: core, model.
"""
