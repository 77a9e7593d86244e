"""What has no 2016 counterpart, on the modern (keras.applications, channels-last) VGG16: filter
dreams on photos, deep dream with octaves and regularizers, the infinite zoom, gradient maps and
style transfer. One concept per module (settings, model, regularizers, dream, zoom,
filter_dream, gradient, style); the command lines are `python -m extras dream ...` and
`python -m extras style ...` (dream_cli.py, style_cli.py).
"""
