"""The VGG16 atlas: every filter of the 13 conv layers, both pipelines, rendered on Ray (or in
one process) and browsable as a static web site. The complete version of the blog's "Visualize all
the filters!" figure; `python -m atlas --help` for the command line.
"""
