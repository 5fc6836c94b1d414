"""Rhetoric, readability and framing of terrorism talk in London politics.

The package is one-way data flow, one module per stage::

    corpus (raw text + manifest) -> cleaning -> segments (who said what)
    -> sentences and tokens -> measures -> tidy tables -> figures

Every public function returns plain Python objects or a tidy
:class:`pandas.DataFrame`; notebooks only call into it.
"""

__version__ = "0.1.0"
