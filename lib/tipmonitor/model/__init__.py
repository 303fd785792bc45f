"""What the data means: reporting periods and their windows, the units over time, the
measures and stages counted, the schema of every input table, the city's settings.

May import: core.
"""
