"""The Fourier parameterisation: a picture as its spectrum, scaled by 1/frequency.

What it reproduces: lucid's `fft_image` and `image(..., fft=True, decorrelate=True)` (Olah,
Mordvintsev and Schubert, "Feature Visualization", Distill 2017): the parameters of an
(N, N, 3) picture are the real and imaginary parts of its 2-D real FFT, (2, 3, N, N // 2 + 1)
float32, drawn from a normal of sd 0.01 (lucid's default); the spectrum is multiplied by
1 / max(f, 1/N) ** decay_power (decay_power 1, lucid's default) times sqrt(N * N), inverted
(TensorFlow's irfft2d, which divides by N * N), divided by lucid's constant 4, taken as
decorrelated colour (optvis/color.py) and put through a sigmoid: RGB in (0, 1).
Kept from lucid: sd, decay_power, the 1/f floor 1/N, the sqrt(N * N) and the 4; the sigmoid.
Changed: an odd side keeps N // 2 + 1 frequencies with irfft2d's fft_length (lucid keeps one
more and crops a pixel); the same for the even sides used here.

Contract: `FourierParam(n).init(rng)` -> one picture's parameters (numpy); `.image(params)`
(a TensorFlow tensor (B, 2, 3, N, N // 2 + 1)) -> (B, N, N, 3) RGB in (0, 1); `.inverse(rgb)`
((N, N, 3) in (0, 1), numpy) -> the parameters that give it back.
"""

import numpy as np
import tensorflow as tf

from optvis.color import decorrelate, recorrelate

SD = 0.01  # lucid's fft_image sd
DECAY_POWER = 1.0  # lucid's decay_power: the spectrum scaled by 1/f
MAGIC = 4.0  # lucid divides the inverted spectrum by 4 ("reduces saturation", lucent's comment)


def frequencies(n):
    """(N, N // 2 + 1) frequency of each coefficient of an N x N picture's rfft2, cycles/pixel."""
    fy = np.fft.fftfreq(n)[:, None]
    fx = np.fft.rfftfreq(n)[None, :]
    return np.sqrt(fx * fx + fy * fy)


def spectrum_scale(n, decay_power=DECAY_POWER):
    """(N, N // 2 + 1) lucid's 1/f scale: 1 / max(f, 1/N) ** decay_power * sqrt(N * N)."""
    return (1.0 / np.maximum(frequencies(n), 1.0 / n) ** decay_power * np.sqrt(n * n)).astype(np.float32)


class FourierParam:
    """An N x N picture parameterised by its 1/f-scaled spectrum in decorrelated colour."""

    def __init__(self, n, sd=SD, decay_power=DECAY_POWER):
        self.n, self.sd = int(n), float(sd)
        self.scale = spectrum_scale(self.n, decay_power)
        self.shape = (2, 3, self.n, self.n // 2 + 1)  # real/imag, colour, fy, fx

    def init(self, rng):
        """One picture's parameters, (2, 3, N, N // 2 + 1) float32, normal with sd 0.01."""
        return (rng.standard_normal(self.shape) * self.sd).astype(np.float32)

    def image(self, params):
        """(B, 2, 3, N, N // 2 + 1) -> (B, N, N, 3) RGB in (0, 1), differentiable."""
        scale = tf.constant(self.scale)
        spectrum = tf.complex(params[:, 0] * scale, params[:, 1] * scale)  # (B, 3, N, Nf)
        planes = tf.signal.irfft2d(spectrum, fft_length=[self.n, self.n])  # (B, 3, N, N)
        t = tf.transpose(planes, (0, 2, 3, 1)) / MAGIC  # (B, N, N, 3) decorrelated colour
        return tf.sigmoid(recorrelate(t))

    def inverse(self, rgb):
        """(N, N, 3) RGB strictly inside (0, 1) -> (2, 3, N, N // 2 + 1) float64 parameters whose
        image is that picture (exact but for float rounding)."""
        rgb = np.asarray(rgb, np.float64)
        t = decorrelate(np.log(rgb) - np.log1p(-rgb)) * MAGIC  # logit, then colour (N, N, 3)
        spectrum = np.fft.rfft2(t.transpose(2, 0, 1)) / self.scale  # (3, N, Nf)
        return np.stack([spectrum.real, spectrum.imag])
