"""The exercises of each notebook, one module per notebook (``utils.check`` gathers them)."""
