"""Numbers: counts per unit, window and stage; the indicator registry and its targets;
the evaluation against targets and the baseline; disclosure control for public
editions; data-quality findings.

May import: core, model, intake, store.
"""
