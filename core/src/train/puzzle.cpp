#include "train/puzzle.h"

#include <algorithm>
#include <string>
#include <vector>

#include <ATen/ops/abs.h>
#include <ATen/ops/binary_cross_entropy_with_logits.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/log.h>
#include <ATen/ops/log_sigmoid.h>
#include <ATen/ops/sigmoid.h>

#include "cellcam/error.h"

namespace cellcam::train {

torch::Tensor tileImages(const torch::Tensor& x, int k) {
  if (x.dim() != 4) throw Error("tileImages needs a [N, C, H, W] tensor.");
  if (k < 1) throw Error("the number of tiles per side must be at least 1.");
  const int64_t h = x.size(2), w = x.size(3);
  if (h % k != 0 || w % k != 0)
    throw Error("the input size " + std::to_string(h) + "x" + std::to_string(w) +
                " cannot be split into " + std::to_string(k) + "x" + std::to_string(k) +
                " equal tiles; use a size divisible by " + std::to_string(k) + ".");
  const int64_t th = h / k, tw = w / k;
  std::vector<torch::Tensor> pieces;
  pieces.reserve(static_cast<std::size_t>(k) * k);
  for (int r = 0; r < k; ++r)
    for (int c = 0; c < k; ++c)
      pieces.push_back(x.slice(2, r * th, (r + 1) * th).slice(3, c * tw, (c + 1) * tw));
  return at::cat(pieces, 0);
}

torch::Tensor mergeTiles(const torch::Tensor& tiles, int k) {
  if (tiles.dim() != 4) throw Error("mergeTiles needs a [k*k*N, C, h, w] tensor.");
  if (k < 1 || tiles.size(0) % (static_cast<int64_t>(k) * k) != 0)
    throw Error("mergeTiles: the batch of tiles is not a multiple of k*k.");
  const int64_t n = tiles.size(0) / (static_cast<int64_t>(k) * k);
  std::vector<torch::Tensor> rows;
  rows.reserve(static_cast<std::size_t>(k));
  for (int r = 0; r < k; ++r) {
    std::vector<torch::Tensor> row;
    row.reserve(static_cast<std::size_t>(k));
    for (int c = 0; c < k; ++c) row.push_back(tiles.slice(0, (r * k + c) * n, (r * k + c + 1) * n));
    rows.push_back(at::cat(row, 3));
  }
  return at::cat(rows, 2);
}

torch::Tensor focalLoss(const torch::Tensor& logits, const torch::Tensor& targets, double gamma) {
  const torch::Tensor x = logits.to(torch::kFloat);
  const torch::Tensor t = targets.to(torch::kFloat);
  torch::Tensor loss = at::binary_cross_entropy_with_logits(x, t, {}, {}, at::Reduction::None);
  if (gamma != 0.0) loss = loss * at::exp(gamma * at::log_sigmoid(-x * (t * 2.0 - 1.0)));
  return loss.sum(1).mean();
}

torch::Tensor reconstructionLoss(const torch::Tensor& maps, const torch::Tensor& reMaps,
                                 const torch::Tensor& labels) {
  const torch::Tensor mask = labels.to(torch::kFloat).unsqueeze(2).unsqueeze(3);
  return (at::abs(maps.to(torch::kFloat) - reMaps.to(torch::kFloat)) * mask).mean();
}

torch::Tensor confidenceLoss(const torch::Tensor& logits) {
  const torch::Tensor p = at::sigmoid(logits.to(torch::kFloat));
  return -(p * at::log(p + 1e-5)).sum(1).mean();
}

torch::Tensor globalAveragePool(const torch::Tensor& maps) { return maps.mean({2, 3}); }

double alphaForEpoch(double alpha, double schedule, int epoch, int epochs) {
  if (schedule <= 0.0 || epochs <= 0) return alpha;
  return std::min(alpha * epoch / (epochs * schedule), alpha);
}

}  // namespace cellcam::train
