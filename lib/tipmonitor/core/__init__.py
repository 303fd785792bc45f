"""Foundations every layer uses: where files are, text normalisation, the words users
read (one catalogue), numbers as reports print them, problems found in input, text a spreadsheet
would run as a formula, file safety (owner-only files, atomic
folders, locks, retries).

May import: nothing of tipmonitor's outside core.
"""
