#!/usr/bin/python3
"""Writes small deterministic TorchScript segmentation models for the TorchSegmenter tests.

Usage: /usr/bin/python3 make_seg_models.py OUT_DIR

The models need no training: fixed convolutions and pooling compute the class scores from the
stains of synthetic CellCAM images. They follow the contract documented at the top of
core/src/segmentation_models.cpp:
  input  float32 [N,3,H,W], stains scaled to 0..1 then normalised with ImageNet mean/std;
  output float32 [N,3,H,W] logits: 0 background, 1 boundary, 2 interior (softmax over dim 1).
Here the logits are log-probabilities, so the softmax gives back the probabilities.

Files written to OUT_DIR:
  nuclei.pt           nuclei model (input: blue in all three channels)
  cells.pt            cell model (input: red, yellow, blue)
  cells_half.pt       the cell model with output at half resolution (tests the bilinear resize)
  bad_shape.pt        a valid TorchScript module whose output is [N,2,H,W] (wrong contract)
  tuple_output.pt     a valid TorchScript module that returns a tuple (wrong contract)
  four_channels.pt    a valid TorchScript module whose forward fails on 3-channel input
  not_torchscript.pt  a file that is not a TorchScript archive
"""
import math
import os
import sys
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def gaussian_kernel(sigma: float) -> torch.Tensor:
    """A normalised 1-D Gaussian as a [1,1,1,k] convolution weight (applied along x, then
    transposed along y)."""
    radius = int(math.ceil(3 * sigma))
    x = torch.arange(-radius, radius + 1, dtype=torch.float32)
    g = torch.exp(-(x * x) / (2 * sigma * sigma))
    return (g / g.sum()).view(1, 1, 1, -1)


class Analytic(nn.Module):
    """Common parts: de-normalisation, smoothing, morphology, log-probability output."""

    def __init__(self, sigma: float):
        super().__init__()
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))
        kernel = gaussian_kernel(sigma)
        self.register_buffer("kernel", kernel)
        self.pad = kernel.shape[-1] // 2

    def stains(self, x: torch.Tensor) -> torch.Tensor:
        """The input stains back in 0..1."""
        return x * self.std + self.mean

    def smooth(self, plane: torch.Tensor) -> torch.Tensor:
        padded = F.pad(plane, [self.pad, self.pad, self.pad, self.pad], mode="replicate")
        return F.conv2d(F.conv2d(padded, self.kernel), self.kernel.transpose(2, 3))

    @staticmethod
    def gradient(mask: torch.Tensor, size: int) -> torch.Tensor:
        """Morphological gradient (dilation minus erosion) with a size x size square."""
        p = size // 2
        dilated = F.max_pool2d(mask, size, stride=1, padding=p)
        eroded = -F.max_pool2d(-mask, size, stride=1, padding=p)
        return dilated - eroded

    @staticmethod
    def log_probabilities(fg: torch.Tensor, boundary: torch.Tensor) -> torch.Tensor:
        """Channels (background, boundary, interior) from a foreground and a boundary map in
        0..1: boundary takes precedence over interior; the three sum to one."""
        boundary = torch.clamp(boundary, 0.0, 1.0)
        interior = torch.clamp(fg - boundary, 0.0, 1.0)
        background = torch.clamp(1.0 - interior - boundary, 0.0, 1.0)
        p = torch.cat([background, boundary, interior], dim=1)
        return torch.log(torch.clamp(p, min=1e-6))


class NucleiNet(Analytic):
    """Nuclei: smoothed blue above the image's darkest level plus a margin; boundary = a ring
    from the morphological gradient of the (soft) nucleus mask."""

    def __init__(self):
        super().__init__(sigma=1.5)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        blue = self.stains(x).mean(dim=1, keepdim=True)  # the same stain in all three channels
        s = self.smooth(blue)
        floor = torch.amin(s, dim=(2, 3), keepdim=True)
        fg = torch.sigmoid((s - floor - 0.08) / 0.01)
        return self.log_probabilities(fg, self.gradient(fg, 5))


class CellNet(Analytic):
    """Cells: foreground = smoothed (red + yellow + blue) above the darkest level plus a margin;
    interior-ness = smoothed (red + yellow) relative to its local maximum, so that the dim
    seams between touching cells become boundary."""

    def __init__(self, half: bool = False):
        super().__init__(sigma=2.5)
        self.half = half

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rgb = self.stains(x)
        total = self.smooth(rgb.sum(dim=1, keepdim=True))
        floor = torch.amin(total, dim=(2, 3), keepdim=True)
        fg = torch.sigmoid((total - floor - 0.04) / 0.01)
        cyto = self.smooth(rgb[:, 0:1] + rgb[:, 1:2]) - floor / 3.0
        peak = F.max_pool2d(F.max_pool2d(cyto, (1, 31), 1, (0, 15)), (31, 1), 1, (15, 0))
        q = torch.clamp(cyto / torch.clamp(peak, min=1e-3), 0.0, 1.0)
        out = self.log_probabilities(fg, fg * (1.0 - q))
        if self.half:
            out = F.avg_pool2d(out, 2)
        return out


class BadShapeNet(nn.Module):
    """Valid TorchScript, wrong contract: two output channels."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, 0:2] * 2.0


class FourChannelNet(nn.Module):
    """Valid TorchScript that fails at run time on a 3-channel input (expects 4 channels)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("weight", torch.ones(3, 4, 1, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.weight)


class TupleNet(nn.Module):
    """Valid TorchScript that returns a tuple instead of one tensor."""

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return x, x


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    models = {
        "nuclei.pt": NucleiNet(),
        "cells.pt": CellNet(),
        "cells_half.pt": CellNet(half=True),
        "bad_shape.pt": BadShapeNet(),
        "tuple_output.pt": TupleNet(),
        "four_channels.pt": FourChannelNet(),
    }
    probe = torch.zeros(1, 3, 64, 64)
    for name, model in models.items():
        scripted = torch.jit.script(model.eval())
        if name != "four_channels.pt":  # that one is meant to fail
            scripted(probe)  # a broken model fails here rather than in the C++ tests
        path = os.path.join(out, name)
        tmp = path + ".tmp"
        scripted.save(tmp)
        os.replace(tmp, path)
    with open(os.path.join(out, "not_torchscript.pt"), "wb") as f:
        f.write(b"this is not a TorchScript archive\n" * 4)
    print(f"wrote {len(models) + 1} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
