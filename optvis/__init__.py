"""Feature visualisation as the field does it since 2017, above the two pipelines.

What it reproduces: the recipe of Olah, Mordvintsev and Schubert, "Feature Visualization"
(Distill, 2017), as lucid's `optvis` and its PyTorch port lucent implement it (the image as a
1/f-scaled Fourier spectrum in decorrelated colour, a sigmoid, Adam, transformation robustness),
and the magnitude-constrained parameterisation of Fel et al., "Unlocking Feature Visualization
for Deeper Networks with MAgnitude Constrained Optimization" (NeurIPS 2023), as xplique's
`maco` implements it. The 2016 method of the blog stays in legacy/ and modern/.

One concept per module, in the style of lucid's optvis:
- `color`: the colour (de)correlation matrix,
- `fourier`, `maco`: the parameterisations (parameters of one picture -> an (N, N, 3) RGB
  picture in 0..1, NHWC),
- `transforms`: the random affine jitter/scale/rotate and crops, drawn per (seed, filter, step),
- `objectives`: what to climb, composable,
- `optimizers`: Adam and Nadam written out per image,
- `methods`: the table of methods (`2016`, `fourier`, `maco`) and their defaults,
- `render`: the compiled step and the batched loop, which hands the NHWC picture to a
  Pipeline's model, channels-first for the legacy one through its `from_nhwc` (common/layout.py),
- `pipeline`: the Pipeline: what legacy/ and modern/ each do their own way, and what both do
  with it (start images, checks, the 2016 method in the pipeline's engine or another here).
"""
