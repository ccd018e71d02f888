#!/usr/bin/python3
"""A straightforward Python/PyTorch version of the seed's inference loop, for `cellcam bench
inference` to compare against (Debian's python3-torch; no CellCAM code).

Per image, as the seed's notebook does it: decode the four channel PNGs; resize to the model
size; for each TTA scale, a batch of the four flips through a ResNet-50 CAM network (output
stride 16, 1x1 classifier without bias, logits = mean of the maps); Swish; un-flip; sum; x 3 /
scales; bicubic upsampling to the working size; per-cell scores as sum(cam_c * mask) * p_c with
one full-image mask per cell; per-image robust scaling and the sigmoid; every cell's mask at the
original size as an Open Images string (column-major COCO RLE, zlib, base64). The cells are the
label images CellCAM wrote (Python has no segmenter here), so `segment` is not timed.

Prints `stage NAME SECONDS` (mean per image), `images N`, `cells_per_image X`,
`peak_rss_kb N` for the caller to parse.
"""
import argparse, base64, csv, os, resource, time, zlib

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image


class CamNet(torch.nn.Module):
    def __init__(self, classes=19):
        super().__init__()
        r = torchvision.models.resnet50(weights=None, replace_stride_with_dilation=[False, False, True])
        r.conv1 = torch.nn.Conv2d(4, 64, 7, 2, 3, bias=False)
        self.features = torch.nn.Sequential(r.conv1, r.bn1, r.relu, r.maxpool, r.layer1, r.layer2,
                                            r.layer3, r.layer4)
        self.classifier = torch.nn.Conv2d(2048, classes, 1, bias=False)

    def forward(self, x):
        maps = self.classifier(self.features(x))
        return maps.mean((2, 3)), maps


def coco_rle_string(counts):
    """pycocotools' rleToString: LEB128-like 6-bit groups, deltas from counts[i - 2]."""
    out = []
    for i, c in enumerate(counts):
        x = int(c)
        if i > 2:
            x -= int(counts[i - 2])
        more = True
        while more:
            ch = x & 0x1F
            x >>= 5
            more = (x != -1) if (ch & 0x10) else (x != 0)
            if more:
                ch |= 0x20
            out.append(chr(ch + 48))
    return "".join(out)


def encode_mask(mask):
    flat = mask.flatten(order="F").astype(np.int8)
    change = np.flatnonzero(np.diff(flat)) + 1
    bounds = np.concatenate(([0], change, [flat.size]))
    counts = np.diff(bounds)
    if flat[0] == 1:
        counts = np.concatenate(([0], counts))
    return base64.b64encode(zlib.compress(coco_rle_string(counts).encode())).decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, help="folder with sample_submission.csv and test/")
    ap.add_argument("--labels", required=True, help="label images {ID}.png written by cellcam")
    ap.add_argument("--size", type=int, default=640)
    ap.add_argument("--scales", default="1.0,1.3,1.6")
    ap.add_argument("--work-size", type=int, default=640)
    ap.add_argument("--images", type=int, default=0, help="0 = all test images")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = CamNet().eval()
    scales = [float(s) for s in args.scales.split(",")]
    mean = torch.tensor([0.485, 0.456, 0.406, 0.485]).view(1, 4, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225, 0.229]).view(1, 4, 1, 1)
    ids = [row["ID"] for row in csv.DictReader(open(os.path.join(args.data, "sample_submission.csv")))]
    if args.images:
        ids = ids[: args.images]
    stages = dict.fromkeys(["decode", "camTta", "forward", "upsample", "cellScores", "mapping", "encode"], 0.0)
    cells_total = 0
    for k, iid in enumerate([ids[0]] + ids):  # the first image once more, untimed, to warm up
        t = {}
        t0 = time.perf_counter()
        planes = [np.array(Image.open(os.path.join(args.data, "test", f"{iid}_{c}.png")))
                  for c in ("red", "green", "blue", "yellow")]
        labels = np.array(Image.open(os.path.join(args.labels, f"{iid}.png"))).astype(np.int32)
        t["decode"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        fwd = 0.0
        with torch.no_grad():
            x0 = torch.from_numpy(np.stack(planes)).float().div(255.0).unsqueeze(0)
            total, logits_sum, views = None, 0, 0
            for s in scales:
                side = round(args.size * s)
                x = F.interpolate(x0, size=(side, side), mode="bilinear", align_corners=False, antialias=True)
                x = (x - mean) / std
                batch = torch.cat([x, x.flip(2), x.flip(3), x.flip(2).flip(3)])
                f0 = time.perf_counter()
                logits, maps = net(batch)
                fwd += time.perf_counter() - f0
                maps = maps * torch.sigmoid(maps)  # Swish
                maps = maps[0] + maps[1].flip(1) + maps[2].flip(2) + maps[3].flip(1).flip(2)
                if total is None:
                    total = maps
                else:
                    total = total + F.interpolate(maps[None], size=total.shape[1:], mode="bilinear",
                                                  align_corners=False)[0]
                logits_sum = logits_sum + logits.sum(0)
                views += 4
            total = total * 3.0 / len(scales)
            probs = torch.sigmoid(logits_sum / views).numpy()
        t["camTta"] = time.perf_counter() - t0
        t["forward"] = fwd
        t0 = time.perf_counter()
        with torch.no_grad():
            cams = F.interpolate(total[None], size=(args.work_size, args.work_size), mode="bicubic",
                                 align_corners=False)[0].numpy()
        t["upsample"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        small = np.array(Image.fromarray(labels).resize((args.work_size, args.work_size), Image.NEAREST))
        cell_ids = [c for c in np.unique(labels) if c != 0]
        raw = np.zeros((len(cell_ids), cams.shape[0]))
        for i, c in enumerate(cell_ids):
            mask = small == c
            for j in range(cams.shape[0]):
                raw[i, j] = (cams[j] * mask).sum() * probs[j]
        t["cellScores"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        med = np.median(raw)
        iqr = np.percentile(raw, 75) - np.percentile(raw, 25)
        z = (raw - med) / (iqr if iqr > 1e-12 else 1.0)
        p = 1.0 / (1.0 + np.exp(-2.0 * (z - 0.2)))
        t["mapping"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        strings = [encode_mask(labels == c) for c in cell_ids]
        t["encode"] = time.perf_counter() - t0
        assert len(strings) == p.shape[0]
        if k == 0:
            continue
        cells_total += len(cell_ids)
        for key, v in t.items():
            stages[key] += v / len(ids)
    for key, v in stages.items():
        print(f"stage {key} {v:.6f}")
    print(f"images {len(ids)}")
    print(f"cells_per_image {cells_total / len(ids):.2f}")
    print(f"peak_rss_kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main()
