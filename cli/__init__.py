"""The command-line layer every command shares: the visualize command (cli/visualize.py), the
weights policy of a command (cli/weights.py) and the runtime set-up (cli/runtime.py).

It is handed a Pipeline (optvis/pipeline.py) and imports no pipeline itself, so that
legacy/ and modern/ can call it without an import cycle.
"""
