#!/usr/bin/python3
"""Writes torchvision EfficientNet references for the C++ backbone test (test_efficientnet.cpp).

Usage: /usr/bin/python3 make_efficientnet_reference.py OUT_DIR

For efficientnet_b0 and efficientnet_b3 (torchvision 0.14, random init with a fixed seed) the
script applies CellCAM's output-stride-16 change (the depthwise convolution of the first block
of features[6] gets stride 1, same kernel, no dilation), randomises the batch-norm affine
parameters, calibrates the running statistics with a few train-mode passes, switches to eval
mode and saves a TorchScript module whose parameters and buffers are the model's `features`
(names "features.0.0.weight", ...) plus two tensor attributes: `input` and `expected`
(= features(input) in eval mode).

Files written to OUT_DIR:
  efficientnet_b0.pt, efficientnet_b3.pt   the references described above
  parameter_counts.txt                     "efficientnet_bK <count>" for K = 0..4: the number
                                           of parameters of torchvision's `features`
                                           (classifier excluded)
"""
import os
import sys

import torch
import torchvision
from torch import nn


class FeaturesReference(nn.Module):
    def __init__(self, features: nn.Module, x: torch.Tensor, expected: torch.Tensor) -> None:
        super().__init__()
        self.features = features
        self.input = x
        self.expected = expected

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)


def output_stride_16(model: nn.Module) -> None:
    depthwise = model.features[6][0].block[1][0]
    assert isinstance(depthwise, nn.Conv2d) and depthwise.stride == (2, 2)
    depthwise.stride = (1, 1)


def make_reference(variant: int, out_dir: str) -> None:
    torch.manual_seed(1234 + variant)
    model = getattr(torchvision.models, f"efficientnet_b{variant}")()
    output_stride_16(model)
    features = model.features
    with torch.no_grad():
        for m in features.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.1)
                m.momentum = None  # cumulative average over the calibration passes
        features.train()
        for _ in range(3):
            features(torch.randn(4, 3, 100, 132))
    features.eval()
    # Odd sizes exercise the ceil rule of the stride-2 convolutions: 100 x 132 -> 7 x 9.
    x = torch.randn(2, 3, 100, 132)
    with torch.no_grad():
        expected = features(x)
    assert expected.shape == (2, 4 * model.features[8][0].in_channels, 7, 9), expected.shape
    reference = torch.jit.script(FeaturesReference(features, x, expected))
    torch.jit.save(reference, os.path.join(out_dir, f"efficientnet_b{variant}.pt"))


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for variant in (0, 3):
        make_reference(variant, out_dir)
    with open(os.path.join(out_dir, "parameter_counts.txt"), "w") as f:
        for variant in range(5):
            model = getattr(torchvision.models, f"efficientnet_b{variant}")()
            count = sum(p.numel() for p in model.features.parameters())
            f.write(f"efficientnet_b{variant} {count}\n")


if __name__ == "__main__":
    main()
