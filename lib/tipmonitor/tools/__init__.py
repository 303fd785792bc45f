"""Generators for maintainers: the synthetic sample, the unit reference files, the
data-model documentation.

May import: every layer below the command line.
"""
