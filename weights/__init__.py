"""Everything about VGG16 weight files: the two layouts, conversion between them, a synthetic set,
checksum-verified download and inspection. Run as `python -m weights --help`.

The weight files themselves also live in this folder (ignored by git).
"""
