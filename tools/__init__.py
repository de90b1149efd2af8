"""Build tools for maintainers, run from the repository root as ``python -m tools.<name>``.

- ``tools.build_env.sh``: builds .venv and slides/node_modules beside the old ones and swaps
  them in only when complete (``make env``; offline, the old one is kept and called stale).
- ``tools.figures``: draws every diagram in img/ (``make figures``).
- ``tools.lab``: starts JupyterLab on a free port, as root too (``make lab``).
- ``tools.navigation``: the contents page, the links between notebooks and the README list
  (``make nav``).
- ``tools.notebooks``: writes and executes notebooks with the series' settings (``make notebooks``).
- ``tools.slides``: the offline reveal.js decks (``make slides``).

Learners never import these; the notebooks import only ``utils``.
"""
