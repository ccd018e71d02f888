#pragma once
/// @file
/// Puzzle-CAM training of a CAM model on image-level labels (the seed's recipe), as a core job:
/// a config, a data folder, a run folder, progress and cancellation. Torch-free.
///
/// A run folder holds: config.json (the TrainConfig), log.jsonl (one JSON object per optimizer
/// step and one per epoch), validation_ids.txt (the image IDs of the validation set, one per
/// line in validation order; empty when the run has none), checkpoint.pt (everything needed to
/// resume exactly), model.pt (the latest weights, loadable by inference) and best.pt (the
/// weights of the epoch with the lowest validation loss). Every file but the log is written
/// atomically; temporary files that a killed run left behind are removed when a run starts or
/// resumes in the folder (see trainPuzzleCam).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cellcam/model_config.h"
#include "cellcam/progress.h"

namespace cellcam {

/// SGD with Nesterov momentum and the poly schedule (the seed's ResNeSt recipe). Each optimizer
/// step t (0-based) of T = epochs * steps per epoch uses lr * (1 - t / T) ^ polyPower.
/// As Puzzle-CAM's parameter groups: the backbone's weights use lr and weightDecay, the
/// backbone's other parameters (biases) biasLrScale * lr without weight decay, the CAM head's
/// weights headLrScale * lr with weight decay, the head's biases (none in CamNet)
/// headLrScale * biasLrScale * lr without weight decay.
struct SgdConfig {
  double lr = 2.5e-3;
  double momentum = 0.9;
  bool nesterov = true;
  double weightDecay = 1e-4;
  double polyPower = 0.9;
  double headLrScale = 10.0;
  double biasLrScale = 2.0;
};

/// Adam with a step decay per epoch (the seed's EfficientNet recipe): epoch e (0-based) uses
/// lr * stepGamma ^ e. weightDecay is Adam's L2 term (as torch.optim.Adam). One parameter group.
struct AdamConfig {
  double lr = 1e-3;
  double weightDecay = 1e-4;
  double stepGamma = 0.85;
};

/// Augmentations of training batches (never of validation batches).
struct TrainAugment {
  bool flips = true;                 ///< Random horizontal and vertical flips.
  bool rotate90 = true;              ///< Random multiples of 90 degrees.
  double brightness = 0.1;           ///< Multiply by 1 + U(-b, b); 0 = off.
  double contrast = 0.1;             ///< Scale around the mean by 1 + U(-c, c); 0 = off.
  double resizedCropMinScale = 1.0;  ///< Random resized crop, area fraction in [min, 1]; 1 = off.
};

/// Everything that defines a training run, with the seed's values as defaults.
/// JSON keys are the member names; "model", "sgd", "adam" and "augment" are nested objects.
struct TrainConfig {
  ModelConfig model;  ///< Backbone, channels, classes, input size.
  int epochs = 3;
  int batchSize = 8;              ///< Images per batch (the tiles add 4x as many pieces).
  int accumulation = 3;           ///< Batches per optimizer step (gradient accumulation).
  std::string optimizer = "sgd";  ///< "sgd" or "adam".
  SgdConfig sgd;
  AdamConfig adam;
  double focalGamma = 1.0;      ///< Focal loss gamma; 0 = plain BCE (summed over classes).
  double labelSmoothing = 0.1;  ///< Targets t -> t * (1 - s) + s / 2.
  /// "puzzle": class + p-class + alpha_e * re (+ confidence); "class": the class loss alone
  /// (a plain image-level classifier; no tiles).
  std::string loss = "puzzle";
  double alpha = 4.0;  ///< Weight of the reconstruction loss once ramped up.
  /// alpha_e = min(alpha * e / (epochs * alphaSchedule), alpha), e the 0-based epoch index
  /// (the seed's rule); 0 = alpha from the first epoch.
  double alphaSchedule = 0.5;
  /// Weight of Puzzle-CAM's confidence loss (its "conf" option, shannon_entropy_loss on the
  /// tiles' logits): mean over tiles of -sum_c p_c * log(p_c + 1e-5), p = sigmoid(tile
  /// logits). 0 = off (the seed's setting).
  double confidenceWeight = 0.0;
  int tiles = 2;  ///< Tiles per side (2 = 2x2). model.inputSize must divide by 16 * tiles.
  TrainAugment augment;
  double validationFraction = 0.1;  ///< Held out by multilabel stratification; 0 = none.
  int workers = 0;                  ///< Data loading threads; 0 = hardware concurrency.
  int prefetchBatches = 4;          ///< Batches decoded ahead of training.
  std::string cacheDir;             ///< Resized-image cache folder; empty = no cache.
  /// "fp32"; "bf16" (CPU: autocast to bfloat16 and channels-last, needs AVX-512 BF16 or AMX;
  /// CUDA: autocast to bfloat16); "fp16" (CUDA only: autocast to float16 with loss scaling).
  std::string precision = "fp32";
  std::string device = "auto";  ///< "cpu", "cuda" or "auto" (cuda when available).
  std::uint64_t seed = 2002;    ///< Split, shuffling, augmentation and initial weights.
  /// Optimizer steps between checkpoints (also written at every epoch end); 0 = epoch ends only.
  int checkpointEvery = 100;
  std::string pretrained;  ///< Optional torchvision TorchScript archive for ImageNet weights.

  /// Throws Error naming the first bad setting.
  void validate() const;
  /// JSON object text, every key present.
  std::string toJson() const;
  /// Parses JSON text; missing keys keep the defaults. Throws Error naming `source` and the key
  /// for unknown keys, wrong types or bad values.
  static TrainConfig fromJson(const std::string& text, const std::string& source);
  /// Reads a JSON file (Error naming the file when missing or bad).
  static TrainConfig load(const std::filesystem::path& file);
  /// Writes the JSON atomically.
  void save(const std::filesystem::path& file) const;
};

/// What a finished (or resumed-and-finished) run produced.
struct TrainResult {
  int epochsDone = 0;
  long long steps = 0;  ///< Optimizer steps done in total.
  /// Last epoch's figures: train_loss, val_loss, val_class, val_pclass, val_re, val_macro_auc,
  /// val_map (validation keys absent when there is no validation set; NaN where undefined).
  std::map<std::string, double> finalMetrics;
  std::vector<double> classAuc;          ///< Last validation's per-class ROC AUC (NaN: undefined).
  std::filesystem::path modelPath;       ///< runDir/model.pt (latest weights).
  std::filesystem::path bestModelPath;   ///< runDir/best.pt (lowest validation loss).
  std::filesystem::path checkpointPath;  ///< runDir/checkpoint.pt.
};

/// How one process takes part in data-parallel training, as torchrun describes it in the
/// environment. worldSize 1 with `active` false is a plain single-process run.
///
/// With `active`, the process joins a c10d process group of `worldSize` ranks: rank 0 serves a
/// TCPStore at masterAddr:masterPort, the ranks exchange tensors with Gloo on the CPU or NCCL
/// on CUDA (device cuda:localRank). Each rank trains on its shard of every epoch (the epoch's
/// permutation, the same on every rank, padded by repeating its start to a multiple of
/// worldSize; rank r takes positions r, r + worldSize, ...), so TrainConfig::batchSize is per
/// rank and one optimizer step averages worldSize * accumulation batches. Gradients are
/// all-reduced in buckets at the optimizer step; rank 0's initial weights are broadcast first.
/// BatchNorm's running statistics are rank 0's (as DDP's broadcast_buffers: in training mode
/// BatchNorm normalises with batch statistics, so they are broadcast from rank 0 before each
/// validation instead of before each forward, with the same result). Validation is sharded
/// the same way without padding and its figures are gathered, so the logged metrics have the
/// single-process definitions. Rank 0 alone writes config.json, log.jsonl, validation_ids.txt,
/// checkpoints and model files, removes stale temporary files and reports progress; every rank
/// resumes from runDir/checkpoint.pt (a shared folder). A rank that fails or dies makes the others
/// throw Error "rank R lost contact with the process group (...); check the other ranks' logs"
/// within `timeoutSeconds`.
struct DistributedConfig {
  bool active = false;  ///< Join a process group (torchrun's variables were set).
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;  ///< CUDA device index of this rank.
  std::string masterAddr = "127.0.0.1";
  int masterPort = 29500;
  double timeoutSeconds = 300;  ///< Rendezvous and collective timeout.
  /// Single process only (active false): trains as if it were `emulateWorldSize` ranks with
  /// the same config: each optimizer step sees rank 0's batches, then rank 1's, ..., and
  /// averages them all, so its weights equal those of a real run of that many ranks (up to
  /// float rounding). 1 = off.
  int emulateWorldSize = 1;

  /// Reads RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT and CELLCAM_DIST_TIMEOUT_S
  /// (seconds). Inactive when WORLD_SIZE is unset. Throws Error naming the variable when one
  /// is set but malformed or out of range (e.g. RANK >= WORLD_SIZE).
  static DistributedConfig fromEnvironment();
  /// Throws Error naming the first bad setting.
  void validate() const;
};

/// Trains a CAM model with Puzzle-CAM on the labelled training images of `dataDir` (any layout
/// Dataset::open accepts; images without labels are skipped) and writes the run to `runDir`
/// (created if missing).
///
/// Per batch: loss = focal(logits) + focal(GAP(re_maps)) + alpha_e * masked L1(maps, re_maps)
/// (+ confidenceWeight * confidence), re_maps being the tiles' maps merged back; the re-loss
/// mask is the hard labels (smoothed target > 0.5). An optimizer step follows every
/// `accumulation` batches; the last group of an epoch may be smaller (its batches are averaged;
/// nothing carries over into the next epoch). "Step" always means an optimizer step.
/// Validation (each epoch, no augmentation): val_class, val_pclass, val_re, val_loss = their
/// unweighted sum (the seed's), ROC AUC per class, val_macro_auc (mean over classes with both
/// positives and negatives) and val_map (image-level mAP over classes with positives), from
/// sigmoid(logits) against the hard labels. best.pt is the epoch with the lowest val_loss.
///
/// log.jsonl: {"type":"step", "epoch", "step", "batch", "loss", "class", "pclass", "re",
/// ["conf"], "alpha", "lr", "images_per_s"} per optimizer step and {"type":"epoch", "epoch",
/// "step", "train_loss", "train_class", ..., "alpha", "lr", "val_*", "val_auc": [per class, null
/// where undefined]} per epoch. Epochs are numbered from 1 in logs and progress (alpha_e uses
/// the 0-based index).
///
/// validation_ids.txt lists the IDs of the held-out images (the stratified split of the
/// labelled training images by validationFraction and seed), one per line ("\n"), in the
/// order validation reads them; it is empty when validationFraction is 0. A new run writes it
/// before its first batch; a resumed run leaves it as it is (the split is the same: a pure
/// function of the data, validationFraction and seed) and writes it only when it is missing or
/// no longer matches the data folder's split. Clients such as a GUI read it to show the same
/// validation images after every epoch.
///
/// Stale temporary files: a process killed while writing (SIGKILL, power loss) leaves the
/// atomic writer's temporary file (".checkpoint.pt.tmp<PID>_<N>" and the like) in runDir. On
/// start and on resume the trainer removes those of its own files (config.json, checkpoint.pt,
/// model.pt, best.pt, validation_ids.txt) whose PID is not a running process on this machine
/// (removeStaleTemporaryFiles in atomic_file.h); any other file is left alone.
///
/// resume = false starts a new run and refuses a runDir that already holds a checkpoint.
/// resume = true continues from runDir/checkpoint.pt exactly where it stopped (same weights as
/// an uninterrupted run, and the log is cut back to the checkpoint); `config` must then match
/// the run's config except for epochs, the learning rates (sgd.lr, adam.lr), workers,
/// prefetchBatches, cacheDir, checkpointEvery, device, precision and pretrained. (More epochs
/// stretch SGD's poly schedule over the new total from the resumed step on.)
///
/// Reports progress from the calling thread: fraction of all batches; message "epoch E/N step
/// S/T"; metrics epoch, step, loss, class, pclass, re, [conf] (running means of the epoch), lr,
/// images/s (of the last step); at an epoch's end the message "epoch E/N done" with the epoch's
/// metrics (train_loss, val_...). Checks `cancel` between batches and validation batches: on
/// cancel it writes a checkpoint (with the gradients of an unfinished accumulation group) and
/// throws Cancelled. Throws Error for bad settings or data, a damaged or truncated checkpoint
/// (naming the file), a config that does not fit the checkpoint, or a NaN/inf loss, gradient or
/// weight ("... at step N; lower the learning rate ..."; the last written checkpoint, all
/// finite, is kept). Blocking; call it from a worker thread in a GUI. Not reentrant for one
/// runDir.
TrainResult trainPuzzleCam(const TrainConfig& config, const std::filesystem::path& dataDir,
                           const std::filesystem::path& runDir, bool resume, Progress& progress,
                           const CancelToken& cancel);

/// The same as one rank of a data-parallel run (see DistributedConfig); with an inactive
/// `distributed` exactly the single-process trainPuzzleCam above. On ranks other than 0 the
/// result's paths name rank 0's files and `progress` receives nothing. Cancelling any rank
/// cancels all of them at the next batch (rank 0 writes the checkpoint). The ranks must get
/// the same config, dataDir and runDir.
TrainResult trainPuzzleCam(const TrainConfig& config, const std::filesystem::path& dataDir,
                           const std::filesystem::path& runDir, bool resume, Progress& progress,
                           const CancelToken& cancel, const DistributedConfig& distributed);

}  // namespace cellcam
