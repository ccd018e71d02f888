#!/usr/bin/python3
"""Writes the Python reference networks and tensors for the CAM network tests (test_cam_net.cpp).

Usage: /usr/bin/python3 make_reference_models.py OUT_DIR

Everything is random (fixed seeds), in eval mode, in float32; batch-norm statistics and affine
parameters are randomised too, so that a wrong normalisation order or a missing buffer shows.

Files written to OUT_DIR (TorchScript archives; tensors are buffers of a holder module, read in
C++ with torch::jit::load(...).attr(name)):
  resnet50_os16.pt     torchvision resnet50 with output stride 16 (layer4's first block has
                       stride 1 in conv2 and in the downsample convolution; no dilation), scripted
  resnet50_ref.pt      tensors: input [2,3,160,192], features = layer4 output [2,2048,10,12]
  resnest50_os16.pt    ResNeSt-50 re-implemented below after zhanghang1989/ResNeSt
                       (resnest50: radix 2, cardinality 1, bottleneck width 64, deep stem 32,
                       avg_down, avd, avd_first False), built as Puzzle-CAM builds it for
                       classification (dilation=2: layer4 stride 1, blocks after the first
                       dilated by 2), scripted
  resnest50_ref.pt     tensors: input [2,3,147,201] (odd sizes: ceil_mode of avg_down),
                       features [2,2048,10,13]
  cam_resnet18.pt      a whole CAM model (torchvision resnet18 at OS16 as `backbone`, 1x1
                       `classifier` without bias to 19 maps) whose forward(x) returns
                       (logits, maps), logits = mean of the maps over H and W; scripted
  cam_resnet18_ref.pt  tensors: input [2,3,96,128], logits [2,19], maps [2,19,6,8]
"""
import os
import sys
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
import torchvision
from torch import nn


# --- ResNeSt (after zhanghang1989/ResNeSt resnest/torch/models/{resnet,splat}.py) -----------
# Same module tree and parameter names; rectified convolutions and DropBlock (unused by
# resnest50/101) are left out; written so that torch.jit.script accepts it.


class RSoftMax(nn.Module):
    def __init__(self, radix: int, cardinality: int):
        super().__init__()
        self.radix = radix
        self.cardinality = cardinality

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch = x.size(0)
        if self.radix > 1:
            x = x.view(batch, self.cardinality, self.radix, -1).transpose(1, 2)
            x = F.softmax(x, dim=1)
            x = x.reshape(batch, -1)
        else:
            x = torch.sigmoid(x)
        return x


class SplAtConv2d(nn.Module):
    def __init__(self, in_channels, channels, kernel_size, stride=1, padding=0, dilation=1,
                 groups=1, bias=True, radix=2, reduction_factor=4, norm_layer=nn.BatchNorm2d):
        super().__init__()
        inter_channels = max(in_channels * radix // reduction_factor, 32)
        self.radix = radix
        self.cardinality = groups
        self.channels = channels
        self.conv = nn.Conv2d(in_channels, channels * radix, kernel_size, stride, padding,
                              dilation, groups=groups * radix, bias=bias)
        self.bn0 = norm_layer(channels * radix)
        self.relu = nn.ReLU(inplace=True)
        self.fc1 = nn.Conv2d(channels, inter_channels, 1, groups=self.cardinality)
        self.bn1 = norm_layer(inter_channels)
        self.fc2 = nn.Conv2d(inter_channels, channels * radix, 1, groups=self.cardinality)
        self.rsoftmax = RSoftMax(radix, groups)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)
        x = self.bn0(x)
        x = self.relu(x)
        batch = x.size(0)
        rchannel = x.size(1)
        splited: List[torch.Tensor] = [x]
        if self.radix > 1:
            splited = list(torch.split(x, rchannel // self.radix, dim=1))
            gap = splited[0]
            for s in splited[1:]:
                gap = gap + s
        else:
            gap = x
        gap = F.adaptive_avg_pool2d(gap, 1)
        gap = self.fc1(gap)
        gap = self.bn1(gap)
        gap = self.relu(gap)
        atten = self.fc2(gap)
        atten = self.rsoftmax(atten).view(batch, -1, 1, 1)
        if self.radix > 1:
            attens = list(torch.split(atten, rchannel // self.radix, dim=1))
            out = attens[0] * splited[0]
            for i in range(1, len(attens)):
                out = out + attens[i] * splited[i]
        else:
            out = atten * x
        return out.contiguous()


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample: Optional[nn.Module] = None,
                 radix=1, cardinality=1, bottleneck_width=64, avd=False, avd_first=False,
                 dilation=1, is_first=False, norm_layer=nn.BatchNorm2d):
        super().__init__()
        group_width = int(planes * (bottleneck_width / 64.)) * cardinality
        self.conv1 = nn.Conv2d(inplanes, group_width, kernel_size=1, bias=False)
        self.bn1 = norm_layer(group_width)
        self.radix = radix
        self.avd = avd and (stride > 1 or is_first)
        self.avd_first = avd_first
        if self.avd:
            self.avd_layer = nn.AvgPool2d(3, stride, padding=1)
            stride = 1
        else:
            self.avd_layer = nn.Identity()
        self.conv2 = SplAtConv2d(group_width, group_width, kernel_size=3, stride=stride,
                                 padding=dilation, dilation=dilation, groups=cardinality,
                                 bias=False, radix=radix, norm_layer=norm_layer)
        self.conv3 = nn.Conv2d(group_width, planes * 4, kernel_size=1, bias=False)
        self.bn3 = norm_layer(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        residual = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        if self.avd and self.avd_first:
            out = self.avd_layer(out)
        out = self.conv2(out)
        if self.avd and not self.avd_first:
            out = self.avd_layer(out)
        out = self.conv3(out)
        out = self.bn3(out)
        if self.downsample is not None:
            residual = self.downsample(x)
        out += residual
        out = self.relu(out)
        return out


class ResNeSt(nn.Module):
    def __init__(self, layers, radix=2, groups=1, bottleneck_width=64, dilated=False,
                 dilation=1, deep_stem=True, stem_width=32, avg_down=True, avd=True,
                 avd_first=False, norm_layer=nn.BatchNorm2d):
        super().__init__()
        block = Bottleneck
        self.cardinality = groups
        self.bottleneck_width = bottleneck_width
        self.inplanes = stem_width * 2 if deep_stem else 64
        self.avg_down = avg_down
        self.radix = radix
        self.avd = avd
        self.avd_first = avd_first
        if deep_stem:
            self.conv1 = nn.Sequential(
                nn.Conv2d(3, stem_width, kernel_size=3, stride=2, padding=1, bias=False),
                norm_layer(stem_width),
                nn.ReLU(inplace=True),
                nn.Conv2d(stem_width, stem_width, kernel_size=3, stride=1, padding=1, bias=False),
                norm_layer(stem_width),
                nn.ReLU(inplace=True),
                nn.Conv2d(stem_width, stem_width * 2, kernel_size=3, stride=1, padding=1,
                          bias=False),
            )
        else:
            self.conv1 = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0], norm_layer=norm_layer,
                                       is_first=False)
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2, norm_layer=norm_layer)
        if dilated or dilation == 4:
            self.layer3 = self._make_layer(block, 256, layers[2], stride=1, dilation=2,
                                           norm_layer=norm_layer)
            self.layer4 = self._make_layer(block, 512, layers[3], stride=1, dilation=4,
                                           norm_layer=norm_layer)
        elif dilation == 2:
            self.layer3 = self._make_layer(block, 256, layers[2], stride=2, dilation=1,
                                           norm_layer=norm_layer)
            self.layer4 = self._make_layer(block, 512, layers[3], stride=1, dilation=2,
                                           norm_layer=norm_layer)
        else:
            self.layer3 = self._make_layer(block, 256, layers[2], stride=2,
                                           norm_layer=norm_layer)
            self.layer4 = self._make_layer(block, 512, layers[3], stride=2,
                                           norm_layer=norm_layer)
        self.fc = nn.Linear(512 * block.expansion, 1000)

    def _make_layer(self, block, planes, blocks, stride=1, dilation=1, norm_layer=None,
                    is_first=True):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            down_layers = []
            if self.avg_down:
                if dilation == 1:
                    down_layers.append(nn.AvgPool2d(kernel_size=stride, stride=stride,
                                                    ceil_mode=True, count_include_pad=False))
                else:
                    down_layers.append(nn.AvgPool2d(kernel_size=1, stride=1, ceil_mode=True,
                                                    count_include_pad=False))
                down_layers.append(nn.Conv2d(self.inplanes, planes * block.expansion,
                                             kernel_size=1, stride=1, bias=False))
            else:
                down_layers.append(nn.Conv2d(self.inplanes, planes * block.expansion,
                                             kernel_size=1, stride=stride, bias=False))
            down_layers.append(norm_layer(planes * block.expansion))
            downsample = nn.Sequential(*down_layers)

        layers = []
        first_dilation = 1 if dilation in (1, 2) else 2
        layers.append(block(self.inplanes, planes, stride, downsample=downsample,
                            radix=self.radix, cardinality=self.cardinality,
                            bottleneck_width=self.bottleneck_width, avd=self.avd,
                            avd_first=self.avd_first, dilation=first_dilation,
                            is_first=is_first, norm_layer=norm_layer))
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, radix=self.radix,
                                cardinality=self.cardinality,
                                bottleneck_width=self.bottleneck_width, avd=self.avd,
                                avd_first=self.avd_first, dilation=dilation,
                                norm_layer=norm_layer))
        return nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        return x


def resnest50_os16() -> ResNeSt:
    # As Puzzle-CAM's Backbone builds it for classification: dilated=False, dilation=2.
    return ResNeSt([3, 4, 6, 3], radix=2, groups=1, bottleneck_width=64, deep_stem=True,
                   stem_width=32, avg_down=True, avd=True, avd_first=False, dilated=False,
                   dilation=2)


# --- torchvision ResNet at output stride 16 ----------------------------------------------------


def torchvision_os16(model: torchvision.models.ResNet) -> torchvision.models.ResNet:
    """Makes layer4 keep the resolution: its first block gets stride 1 (conv2 of a bottleneck,
    conv1 of a basic block, and the downsample convolution). No dilation."""
    first = model.layer4[0]
    if isinstance(first, torchvision.models.resnet.Bottleneck):
        first.conv2.stride = (1, 1)
    else:
        first.conv1.stride = (1, 1)
    first.downsample[0].stride = (1, 1)
    return model


class ResNetFeatures(nn.Module):
    """torchvision ResNet up to layer4 (same parameter names; fc kept so that the archive
    looks like a scripted classification model)."""

    def __init__(self, model: torchvision.models.ResNet):
        super().__init__()
        self.conv1 = model.conv1
        self.bn1 = model.bn1
        self.relu = model.relu
        self.maxpool = model.maxpool
        self.layer1 = model.layer1
        self.layer2 = model.layer2
        self.layer3 = model.layer3
        self.layer4 = model.layer4
        self.fc = model.fc

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


class CamModel(nn.Module):
    """A CAM model as exported from Python: forward(x) -> (logits, maps)."""

    def __init__(self, backbone: nn.Module, features: int, classes: int):
        super().__init__()
        self.backbone = backbone
        self.classifier = nn.Conv2d(features, classes, 1, bias=False)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        maps = self.classifier(self.backbone(x))
        logits = maps.mean(dim=(2, 3))
        return logits, maps


# --- helpers -------------------------------------------------------------------------------


def randomise_batch_norm(model: nn.Module) -> None:
    """Non-trivial statistics and affine parameters in every batch norm."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(7)


class TensorHolder(nn.Module):
    def __init__(self, tensors):
        super().__init__()
        for name, value in tensors.items():
            self.register_buffer(name, value.detach().contiguous().clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x


def save_tensors(path: str, **tensors: torch.Tensor) -> None:
    torch.jit.script(TensorHolder(tensors)).save(path)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)

    with torch.no_grad():
        torch.manual_seed(1234)
        resnet = torchvision_os16(torchvision.models.resnet50(weights=None))
        randomise_batch_norm(resnet)
        resnet.eval()
        scripted = torch.jit.script(resnet)
        scripted.save(os.path.join(out, "resnet50_os16.pt"))
        x = torch.randn(2, 3, 160, 192)
        features = ResNetFeatures(resnet).eval()(x)
        assert features.shape == (2, 2048, 10, 12), features.shape
        save_tensors(os.path.join(out, "resnet50_ref.pt"), input=x, features=features)

        torch.manual_seed(4321)
        resnest = resnest50_os16()
        randomise_batch_norm(resnest)
        resnest.eval()
        torch.jit.script(resnest).save(os.path.join(out, "resnest50_os16.pt"))
        x = torch.randn(2, 3, 147, 201)
        features = resnest(x)
        assert features.shape == (2, 2048, 10, 13), features.shape
        save_tensors(os.path.join(out, "resnest50_ref.pt"), input=x, features=features)

        torch.manual_seed(99)
        backbone = ResNetFeatures(torchvision_os16(torchvision.models.resnet18(weights=None)))
        del backbone.fc
        cam = CamModel(backbone, 512, 19)
        randomise_batch_norm(cam)
        cam.eval()
        torch.jit.script(cam).save(os.path.join(out, "cam_resnet18.pt"))
        x = torch.randn(2, 3, 96, 128)
        logits, maps = cam(x)
        assert maps.shape == (2, 19, 6, 8), maps.shape
        save_tensors(os.path.join(out, "cam_resnet18_ref.pt"), input=x, logits=logits, maps=maps)
    return 0


if __name__ == "__main__":
    sys.exit(main())
