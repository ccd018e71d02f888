#!/usr/bin/env python3
"""Prints the largest absolute difference between the weights (parameters and buffers) of two
CellCAM model files (torch::serialize archives, which torch.jit.load reads), and exits 1 when
it exceeds TOLERANCE or the tensors' names or shapes differ.
Usage: compare_models.py A.pt B.pt [TOLERANCE=1e-6]  (Debian's /usr/bin/python3 has torch)"""
import sys

import torch


def tensors(path):
    module = torch.jit.load(path, map_location="cpu")
    out = {}
    for name, value in module.named_parameters():
        out["p:" + name] = value.detach()
    for name, value in module.named_buffers():
        out["b:" + name] = value.detach()
    return out


def main():
    a, b = tensors(sys.argv[1]), tensors(sys.argv[2])
    tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
    if sorted(a) != sorted(b):
        print("the models have different tensors:", sorted(set(a) ^ set(b))[:5])
        return 1
    if not a:
        print("no tensors found in", sys.argv[1])
        return 1
    worst = 0.0
    for name, x in a.items():
        y = b[name]
        if x.shape != y.shape:
            print(f"{name}: shape {tuple(x.shape)} vs {tuple(y.shape)}")
            return 1
        if x.numel():
            worst = max(worst, (x.double() - y.double()).abs().max().item())
    print(f"{len(a)} tensors, largest difference {worst:.3g}")
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
