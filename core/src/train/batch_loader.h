#pragma once
// Training data pipeline: decoding, resizing and augmentation on worker threads with a
// prefetch queue, and an on-disk cache of resized images so large PNGs are decoded once per
// dataset, not once per epoch. Deterministic: the batches of (seed, epoch) are always the same,
// whatever the number of workers, so a resumed run sees exactly the data it would have seen.
//
// Per sample: read the channel files (8- or 16-bit), resize each plane to imageSize x imageSize
// with INTER_AREA in its own depth (the cached form), scale to 0..1 (/255 or /65535), augment
// (training), normalise (x - mean) / std per output channel.
//
// Randomness: the epoch's permutation comes from (seed, epoch) and every augmentation draw of
// the sample at position p of the epoch from (seed, epoch, p); never from thread timing.
//
// Cache (LoaderConfig::cacheDir): one file per (image, imageSize, channel mode),
// "{id}_{size}_{mode}.bin", holding the resized planes in the source depth (8 or 16 bit) after
// a 48-byte header (magic, version, side, planes, bytes per sample, a fingerprint of the
// source files' paths, sizes and modification times, payload length, CRC-32 of the payload).
// A file whose header, length, fingerprint or CRC does not match is rebuilt silently; files
// are written atomically. A cache that cannot be written (disk full) is skipped silently.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

#include "cellcam/dataset.h"

namespace cellcam::train {

/// Augmentations applied to training batches (never to validation batches), in this order
/// on the resized, 0..1 planes: random resized crop (a square of the drawn area, resized back
/// with INTER_LINEAR), flips, rotation, brightness, contrast (then clamped to 0..1 when either
/// of the last two is on). All draws are made whether or not an augmentation is on, so turning
/// one off does not change the others.
struct AugmentConfig {
  bool flips = true;               ///< Random horizontal and vertical flips.
  bool rotate90 = true;            ///< Random multiples of 90 degrees.
  double brightness = 0.1;         ///< Multiply by 1 + U(-b, b); 0 = off.
  double contrast = 0.1;           ///< Scale around the mean by 1 + U(-c, c); 0 = off.
  double resizedCropMinScale = 1;  ///< Random resized crop: area fraction in [min, 1]; 1 = off.
};

struct LoaderConfig {
  int imageSize = 512;            ///< Output side (square).
  std::string channels = "rgby";  ///< rgby | rgb | ggg (see ModelConfig).
  int batchSize = 8;
  bool shuffle = true;             ///< Shuffle per epoch (training); false keeps order.
  bool dropLast = true;            ///< Drop a last incomplete batch (training).
  int workers = 0;                 ///< Decode/augment threads; 0 = hardware concurrency.
  int prefetchBatches = 4;         ///< Batches kept ready ahead of the consumer.
  std::filesystem::path cacheDir;  ///< Resized-image cache; empty = no cache.
  double labelSmoothing = 0.0;     ///< Targets t -> t * (1 - s) + s / 2.
  AugmentConfig augment;
  bool augmentEnabled = true;
  /// Data-parallel sharding, as PyTorch's DistributedSampler: rank `shardRank` of `shardCount`
  /// takes the positions shardRank, shardRank + shardCount, ... of the epoch's order (the same
  /// permutation on every rank). With padShards the order is first padded by repeating its
  /// start up to a multiple of shardCount, so every rank gets as many samples; without, the
  /// last ranks may get one fewer. Augmentation draws use a sample's position in that padded
  /// order, so a sample is augmented alike whichever process loads it.
  int shardRank = 0;
  int shardCount = 1;
  bool padShards = true;
  /// One process playing `emulatedShards` ranks (needs dropLast; padded as above): the batches
  /// come as rank 0's first batch, rank 1's first batch, ..., rank 0's second batch, ..., each
  /// exactly as that rank would load it. 1 = off.
  int emulatedShards = 1;
  /// Per-channel normalisation applied after scaling to 0..1, in channel order of `channels`
  /// (as many values as output channels; std > 0). Empty = ImageNet mean/std by position:
  /// rgby (0.485, 0.456, 0.406, 0.485) / (0.229, 0.224, 0.225, 0.229) (yellow uses red's);
  /// rgb and ggg (0.485, 0.456, 0.406) / (0.229, 0.224, 0.225), i.e. ggg is normalised like
  /// any 3-channel input of an ImageNet backbone, not with green's values three times.
  std::vector<float> mean, std;
};

/// One batch.
struct Batch {
  torch::Tensor images;   ///< [B, C, S, S] float32, normalised.
  torch::Tensor targets;  ///< [B, 19] float32 (smoothed if configured).
  std::vector<std::string> ids;
  std::vector<std::size_t> indices;  ///< Indices into Dataset::images().
};

/// Iterates the images `indices` of `dataset` in batches. Owns its worker threads; not
/// thread-safe (one consumer). A bad image file throws cellcam::Error (naming the file) from
/// next() on the consumer thread.
class BatchLoader {
 public:
  /// Copies `dataset` (no reference is kept). Throws Error for a bad config (channel mode,
  /// sizes, mean/std) or an uncreatable cacheDir, std::out_of_range for an index not in
  /// dataset.images(). Workers start idle; nothing is read before startEpoch().
  BatchLoader(const Dataset& dataset, std::vector<std::size_t> indices, LoaderConfig config,
              std::uint64_t seed);
  /// Stops the workers and joins them; a worker finishes at most the sample it is decoding.
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  /// Starts (or restarts) an epoch; skips the first `skipBatches` batches without loading them
  /// (for exact resume). Batches prefetched for an earlier epoch are discarded.
  void startEpoch(int epoch, std::size_t skipBatches = 0);
  /// The next batch of the current epoch, or nullopt at its end. Blocks until it is ready.
  /// When a sample failed, rethrows its exception (cellcam::Error naming the file, as thrown
  /// by the reader) and drops that batch; a further call goes on with the following batch.
  /// Throws std::logic_error before the first startEpoch().
  std::optional<Batch> next();
  std::size_t batchesPerEpoch() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Multilabel stratified split (iterative stratification, Sechidis et al. 2011): about
/// `validationFraction` of the images go to validation while each class keeps about the same
/// share in both parts. Deterministic for a seed. Returns {train indices, validation indices}.
std::pair<std::vector<std::size_t>, std::vector<std::size_t>> stratifiedSplit(
    const std::vector<std::vector<int>>& labels, double validationFraction, std::uint64_t seed);

}  // namespace cellcam::train
