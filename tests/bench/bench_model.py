#!/usr/bin/python3
"""The Python/PyTorch side of `cellcam bench model`: the same CAM network (torchvision
ResNet-50 at output stride 16, 4-channel stem, 1x1 classifier to 19 maps, logits = mean of the
maps), the same random input, the same inference and training loops, in fp32 and bf16 autocast
with channels-last. Prints one line per precision:
    python <precision> inference <images/s> train <images/s>
Run with Debian's python3 (python3-torch, python3-torchvision)."""
import argparse
import os
import time

import torch
import torchvision


class CamNet(torch.nn.Module):
    def __init__(self, channels, classes):
        super().__init__()
        r = torchvision.models.resnet50()
        if channels != 3:
            r.conv1 = torch.nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
        # Output stride 16: layer4's first block keeps the resolution.
        r.layer4[0].conv2.stride = (1, 1)
        r.layer4[0].downsample[0].stride = (1, 1)
        self.features = torch.nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool,
                                            r.layer1, r.layer2, r.layer3, r.layer4)
        self.classifier = torch.nn.Conv2d(2048, classes, 1, bias=False)

    def forward(self, x):
        maps = self.classifier(self.features(x))
        return maps.mean(dim=(2, 3)), maps


def has_bf16():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return " avx512_bf16" in line or " amx_bf16" in line
    return False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--iterations", type=int, default=3)
    p.add_argument("--channels", type=int, default=4)
    a = p.parse_args()
    torch.set_num_threads(os.cpu_count())
    modes = ["fp32"] + (["bf16"] if has_bf16() else [])
    for mode in modes:
        torch.manual_seed(0)
        net = CamNet(a.channels, 19)
        fmt = torch.channels_last if mode == "bf16" else torch.contiguous_format
        net = net.to(memory_format=fmt)
        x = torch.rand(a.batch, a.channels, a.size, a.size).contiguous(memory_format=fmt)
        t = (torch.rand(a.batch, 19) > 0.8).float()
        ac = dict(device_type="cpu", dtype=torch.bfloat16, enabled=(mode == "bf16"))
        net.eval()
        with torch.no_grad(), torch.autocast(**ac):
            for _ in range(a.warmup):
                net(x)
            start = time.perf_counter()
            for _ in range(a.iterations):
                net(x)
            inference = a.batch * a.iterations / (time.perf_counter() - start)
        net.train()
        sgd = torch.optim.SGD(net.parameters(), lr=1e-4, momentum=0.9)

        def step():
            sgd.zero_grad()
            with torch.autocast(**ac):
                logits, _ = net(x)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logits.float(), t)
            loss.backward()
            sgd.step()

        for _ in range(a.warmup):
            step()
        start = time.perf_counter()
        for _ in range(a.iterations):
            step()
        train = a.batch * a.iterations / (time.perf_counter() - start)
        print(f"python {mode} inference {inference:.3f} train {train:.3f}", flush=True)


if __name__ == "__main__":
    main()
