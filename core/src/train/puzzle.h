#pragma once
// Puzzle-CAM's pieces (Jo & Yu 2021) and the seed's losses: tiling an image batch into k x k
// pieces and merging the pieces' maps back, the focal classification loss, the masked L1
// reconstruction loss, the confidence (entropy) loss and the alpha ramp. Internal to core.

#include <torch/types.h>

namespace cellcam::train {

/// Splits x [N, C, H, W] into k x k tiles stacked tile-major as [k*k*N, C, H/k, W/k]: row r,
/// column c of image n is at index (r * k + c) * N + n (Puzzle-CAM's tile_features order).
/// H and W must be divisible by k (throws cellcam::Error otherwise).
torch::Tensor tileImages(const torch::Tensor& x, int k);

/// The inverse of tileImages: [k*k*N, C, h, w] -> [N, C, k*h, k*w]. Exact: merge(tile(x)) == x
/// bitwise. Used on the tiles' maps to re-assemble one map per image (re_maps).
torch::Tensor mergeTiles(const torch::Tensor& tiles, int k);

/// The seed's focal loss on logits x and targets t (both [N, C]):
/// BCEWithLogits(x, t) * exp(gamma * logsigmoid(-x * (2t - 1))), summed over classes and
/// averaged over the batch. gamma = 0 gives the plain BCE summed over classes. Computed in
/// float32 whatever the input type.
torch::Tensor focalLoss(const torch::Tensor& logits, const torch::Tensor& targets, double gamma);

/// Puzzle-CAM's masked reconstruction loss:
/// mean(|maps - reMaps| * labels[:, :, None, None]) over all N*C*H*W elements, labels [N, C]
/// (hard 0/1 labels, so only the maps of an image's own classes are pulled together).
torch::Tensor reconstructionLoss(const torch::Tensor& maps, const torch::Tensor& reMaps,
                                 const torch::Tensor& labels);

/// Puzzle-CAM's shannon_entropy_loss: p = sigmoid(logits) [N, C];
/// mean over n of -sum_c p * log(p + 1e-5). Low when every class is confidently on or off.
torch::Tensor confidenceLoss(const torch::Tensor& logits);

/// Global average pooling of maps [N, C, h, w] -> [N, C].
torch::Tensor globalAveragePool(const torch::Tensor& maps);

/// The seed's alpha ramp: min(alpha * epoch / (epochs * schedule), alpha), with `epoch` the
/// 0-based epoch index (as train_cam.py passes it), so the first epoch trains with alpha 0.
/// schedule <= 0 means no ramp (alpha from the start).
double alphaForEpoch(double alpha, double schedule, int epoch, int epochs);

}  // namespace cellcam::train
