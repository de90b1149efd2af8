"""Build tools for maintainers, run from the repository root as ``python -m tools.<name>``.

- ``tools.figures``: draws every diagram in img/ (``make figures``).
- ``tools.navigation``: the contents page, the links between notebooks and the README list
  (``make nav``).
- ``tools.notebooks``: writes and executes notebooks with the series' settings (``make notebooks``).
- ``tools.slides``: the offline reveal.js decks (``make slides``).

Learners never import these; the notebooks import only ``utils``.
"""
