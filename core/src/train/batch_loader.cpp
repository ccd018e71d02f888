#include "train/batch_loader.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include "cellcam/atomic_file.h"
#include "cellcam/classes.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"

#include "rng.h"

namespace cellcam::train {
namespace {

namespace fs = std::filesystem;

// Stream tags, so that the permutation and the augmentation draws are independent.
constexpr std::uint64_t kPermutationStream = 0x5045524d5554ULL;  // "PERMUT"
constexpr std::uint64_t kAugmentStream = 0x4155474d454eULL;      // "AUGMEN"

// ---------------------------------------------------------------------------------------------
// Channel modes.

// The planes read (and cached) for a mode, and which of them feeds each output channel.
struct ChannelPlan {
  std::vector<Channel> stored;
  std::vector<std::size_t> outputFromStored;
};

ChannelPlan channelPlan(const std::string& mode) {
  if (mode == "rgby")
    return {{Channel::Red, Channel::Green, Channel::Blue, Channel::Yellow}, {0, 1, 2, 3}};
  if (mode == "rgb") return {{Channel::Red, Channel::Green, Channel::Blue}, {0, 1, 2}};
  if (mode == "ggg") return {{Channel::Green}, {0, 0, 0}};
  throw Error("unknown channel mode \"" + mode + "\"; use rgby, rgb or ggg");
}

// ImageNet statistics by output position; rgby's yellow uses red's.
std::pair<std::vector<float>, std::vector<float>> defaultNormalisation(std::size_t channels) {
  std::vector<float> mean{0.485f, 0.456f, 0.406f}, std{0.229f, 0.224f, 0.225f};
  if (channels == 4) {
    mean.push_back(0.485f);
    std.push_back(0.229f);
  }
  return {mean, std};
}

// ---------------------------------------------------------------------------------------------
// Reading and resizing.

std::vector<cv::Mat> readPlanes(const Dataset& dataset, const ImageRecord& image,
                                const ChannelPlan& plan) {
  if (plan.stored.size() == 4) {
    ChannelImage channels = readChannels(dataset, image);
    return {std::move(channels.red), std::move(channels.green), std::move(channels.blue),
            std::move(channels.yellow)};
  }
  std::vector<cv::Mat> planes;
  std::vector<fs::path> files;
  for (Channel channel : plan.stored) {
    files.push_back(dataset.channelFile(image, channel));
    planes.push_back(readChannelFile(files.back()));
  }
  for (std::size_t c = 1; c < planes.size(); ++c) {
    if (planes[c].size() != planes[0].size())
      throwFileError(files[c],
                     "is " + std::to_string(planes[c].cols) + "x" + std::to_string(planes[c].rows) +
                         " but " + files[0].filename().string() + " is " +
                         std::to_string(planes[0].cols) + "x" + std::to_string(planes[0].rows),
                     "all channel files of an image must have the same size");
    if (planes[c].depth() != planes[0].depth())
      throwFileError(files[c], "has another bit depth than " + files[0].filename().string(),
                     "save all channel files of an image with the same bit depth");
  }
  return planes;
}

cv::Mat resizePlane(const cv::Mat& plane, int side) {
  if (plane.rows == side && plane.cols == side) return plane;
  cv::Mat out;
  cv::resize(plane, out, cv::Size(side, side), 0, 0, cv::INTER_AREA);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cache files.

constexpr char kCacheMagic[8] = {'C', 'C', 'A', 'M', 'R', 'S', 'Z', '\n'};
constexpr std::uint32_t kCacheVersion = 1;
constexpr std::size_t kCacheHeaderBytes = 48;

std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  const std::uint64_t size = text.size();
  return fnv1a(fnv1a(hash, &size, sizeof size), text.data(), text.size());
}

std::uint64_t fnv1a(std::uint64_t hash, std::int64_t value) {
  return fnv1a(hash, &value, sizeof value);
}

// Fingerprint of what a cache file was made from: the image, the size, the mode and each source
// file's path, size and modification time. nullopt when a file cannot be examined (missing):
// then the cache is bypassed and the reader reports the file.
std::optional<std::uint64_t> sourceFingerprint(const Dataset& dataset, const ImageRecord& image,
                                               const ChannelPlan& plan, int side,
                                               const std::string& mode) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  hash = fnv1a(hash, image.id);
  hash = fnv1a(hash, static_cast<std::int64_t>(side));
  hash = fnv1a(hash, mode);
  for (Channel channel : plan.stored) {
    const fs::path file = dataset.channelFile(image, channel);
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) return std::nullopt;
    const auto mtime = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;
    hash = fnv1a(hash, fs::absolute(file, ec).lexically_normal().string());
    hash = fnv1a(hash, static_cast<std::int64_t>(size));
    hash = fnv1a(hash, static_cast<std::int64_t>(mtime.time_since_epoch().count()));
  }
  return hash;
}

// A file name for an image: its ID when that is a plain name, else a sanitised ID plus a hash.
std::string cacheFileName(const std::string& id, int side, const std::string& mode) {
  std::string safe;
  bool changed = id.empty() || id.size() > 150;
  for (char ch : id.substr(0, 150)) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
    safe += ok ? ch : '_';
    changed = changed || !ok;
  }
  if (!safe.empty() && safe[0] == '.') {
    safe[0] = '_';
    changed = true;
  }
  if (changed) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(fnv1a(0xcbf29ce484222325ULL, id)));
    safe += std::string("_") + hex;
  }
  return safe + "_" + std::to_string(side) + "_" + mode + ".bin";
}

template <typename T>
void put(std::string& out, std::size_t offset, T value) {
  std::memcpy(out.data() + offset, &value, sizeof value);
}

template <typename T>
T get(const std::string& in, std::size_t offset) {
  T value;
  std::memcpy(&value, in.data() + offset, sizeof value);
  return value;
}

std::uint32_t crc32Of(const char* data, std::size_t size) {
  return static_cast<std::uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(data), static_cast<z_size_t>(size)));
}

// Layout (little-endian, as the machine writes it): magic[8], u32 version, u32 side,
// u32 planes, u32 bytes per sample, u64 fingerprint, u64 payload bytes, u32 CRC-32 of the
// payload, u32 zero; then the planes, row by row.
std::string encodeCache(const std::vector<cv::Mat>& planes, std::uint64_t fingerprint) {
  const int side = planes.front().rows;
  const std::size_t bytesPerSample = planes.front().elemSize1();
  const std::size_t planeBytes = static_cast<std::size_t>(side) * side * bytesPerSample;
  std::string out(kCacheHeaderBytes + planeBytes * planes.size(), '\0');
  char* payload = out.data() + kCacheHeaderBytes;
  for (std::size_t c = 0; c < planes.size(); ++c) {
    const cv::Mat plane = planes[c].isContinuous() ? planes[c] : planes[c].clone();
    std::memcpy(payload + c * planeBytes, plane.data, planeBytes);
  }
  std::memcpy(out.data(), kCacheMagic, sizeof kCacheMagic);
  put<std::uint32_t>(out, 8, kCacheVersion);
  put<std::uint32_t>(out, 12, static_cast<std::uint32_t>(side));
  put<std::uint32_t>(out, 16, static_cast<std::uint32_t>(planes.size()));
  put<std::uint32_t>(out, 20, static_cast<std::uint32_t>(bytesPerSample));
  put<std::uint64_t>(out, 24, fingerprint);
  put<std::uint64_t>(out, 32, planeBytes * planes.size());
  put<std::uint32_t>(out, 40, crc32Of(payload, planeBytes * planes.size()));
  put<std::uint32_t>(out, 44, 0);
  return out;
}

// The planes of a valid cache file; nullopt for a missing, truncated, corrupt or stale one.
std::optional<std::vector<cv::Mat>> readCache(const fs::path& file, std::uint64_t fingerprint,
                                              int side, std::size_t planeCount) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < static_cast<std::streamoff>(kCacheHeaderBytes)) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return std::nullopt;

  if (std::memcmp(bytes.data(), kCacheMagic, sizeof kCacheMagic) != 0) return std::nullopt;
  const auto bytesPerSample = get<std::uint32_t>(bytes, 20);
  const std::size_t planeBytes = static_cast<std::size_t>(side) * side * bytesPerSample;
  const std::size_t payloadBytes = planeBytes * planeCount;
  if (get<std::uint32_t>(bytes, 8) != kCacheVersion ||
      get<std::uint32_t>(bytes, 12) != static_cast<std::uint32_t>(side) ||
      get<std::uint32_t>(bytes, 16) != planeCount || (bytesPerSample != 1 && bytesPerSample != 2) ||
      get<std::uint64_t>(bytes, 24) != fingerprint ||
      get<std::uint64_t>(bytes, 32) != payloadBytes ||
      bytes.size() != kCacheHeaderBytes + payloadBytes)
    return std::nullopt;
  const char* payload = bytes.data() + kCacheHeaderBytes;
  if (get<std::uint32_t>(bytes, 40) != crc32Of(payload, payloadBytes)) return std::nullopt;

  std::vector<cv::Mat> planes;
  for (std::size_t c = 0; c < planeCount; ++c) {
    cv::Mat plane(side, side, bytesPerSample == 1 ? CV_8U : CV_16U);
    std::memcpy(plane.data, payload + c * planeBytes, planeBytes);
    planes.push_back(std::move(plane));
  }
  return planes;
}

// ---------------------------------------------------------------------------------------------
// Augmentation.

// Every draw of one sample, always made in this order (so a flag does not shift the others).
struct AugmentDraws {
  double cropArea, cropX, cropY;
  bool hflip, vflip;
  int quarterTurns;
  double brightness, contrast;
};

AugmentDraws drawAugment(Rng& rng) {
  AugmentDraws d{};
  d.cropArea = rng.uniform();
  d.cropX = rng.uniform();
  d.cropY = rng.uniform();
  d.hflip = rng.chance(0.5);
  d.vflip = rng.chance(0.5);
  d.quarterTurns = rng.integer(0, 3);
  d.brightness = rng.uniform(-1.0, 1.0);
  d.contrast = rng.uniform(-1.0, 1.0);
  return d;
}

// Augments 0..1 float planes (all planes of a sample alike).
void augment(std::vector<cv::Mat>& planes, const AugmentConfig& config, const AugmentDraws& d) {
  const int side = planes.front().rows;
  if (config.resizedCropMinScale < 1.0) {
    const double minScale = std::clamp(config.resizedCropMinScale, 0.0, 1.0);
    const double area = minScale + (1.0 - minScale) * d.cropArea;
    const int crop = std::clamp(static_cast<int>(std::lround(side * std::sqrt(area))), 1, side);
    if (crop < side) {
      const int x0 = std::min(static_cast<int>(d.cropX * (side - crop + 1)), side - crop);
      const int y0 = std::min(static_cast<int>(d.cropY * (side - crop + 1)), side - crop);
      for (auto& plane : planes) {
        cv::Mat out;
        cv::resize(plane(cv::Rect(x0, y0, crop, crop)), out, cv::Size(side, side), 0, 0,
                   cv::INTER_LINEAR);
        plane = out;
      }
    }
  }
  if (config.flips) {
    for (auto& plane : planes) {
      if (d.hflip) cv::flip(plane, plane, 1);
      if (d.vflip) cv::flip(plane, plane, 0);
    }
  }
  if (config.rotate90 && d.quarterTurns != 0) {
    const int code = d.quarterTurns == 1   ? cv::ROTATE_90_CLOCKWISE
                     : d.quarterTurns == 2 ? cv::ROTATE_180
                                           : cv::ROTATE_90_COUNTERCLOCKWISE;
    for (auto& plane : planes) {
      cv::Mat out;
      cv::rotate(plane, out, code);
      plane = out;
    }
  }
  const bool brightness = config.brightness > 0, contrast = config.contrast > 0;
  if (brightness) {
    const double factor = 1.0 + config.brightness * d.brightness;
    for (auto& plane : planes) plane.convertTo(plane, CV_32F, factor);
  }
  if (contrast) {
    const double factor = 1.0 + config.contrast * d.contrast;
    for (auto& plane : planes) {
      const double mean = cv::mean(plane)[0];
      plane.convertTo(plane, CV_32F, factor, mean * (1.0 - factor));
    }
  }
  if (brightness || contrast) {
    for (auto& plane : planes) {
      cv::min(plane, 1.0, plane);
      cv::max(plane, 0.0, plane);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Batches in flight.

struct Slot {
  at::Tensor images, targets;
  std::vector<std::string> ids;
  std::vector<std::size_t> indices;
  std::size_t remaining = 0;
  std::size_t errorPosition = std::numeric_limits<std::size_t>::max();
  std::exception_ptr error;
};

}  // namespace

struct BatchLoader::Impl {
  Dataset dataset;
  std::vector<std::size_t> indices;
  LoaderConfig config;
  std::uint64_t seed = 0;
  ChannelPlan plan;
  std::vector<float> mean, std;
  std::size_t batchSize = 1, batches = 0, prefetch = 1;
  int side = 1;
  std::int64_t outChannels = 0;

  std::mutex mutex;
  std::condition_variable workReady;   // Workers wait here for samples to claim.
  std::condition_variable batchReady;  // The consumer waits here for its batch.
  bool stopping = false, started = false;
  std::uint64_t generation = 0;  // Bumped by startEpoch(): results of older epochs are dropped.
  int epoch = 0;
  std::vector<std::size_t> order;      // Dataset indices of this epoch's samples, in order.
  std::vector<std::size_t> positions;  // Their positions in the (padded) epoch permutation.
  std::size_t sampleCount = 0;         // Samples this epoch delivers (after dropLast).
  std::size_t nextBatch = 0;           // The batch next() returns next.
  std::size_t nextSample = 0;          // The sample position a worker claims next.
  std::map<std::size_t, std::shared_ptr<Slot>> slots;
  std::vector<std::thread> threads;

  bool claimable() const {
    return started && nextSample < sampleCount && nextSample / batchSize < nextBatch + prefetch;
  }

  // A batch's slot; when its tensors cannot be allocated, a slot that carries the error.
  std::shared_ptr<Slot> makeSlot(std::size_t batch) const {
    auto slot = std::make_shared<Slot>();
    const std::size_t first = batch * batchSize;
    const std::size_t count = std::min(batchSize, sampleCount - first);
    slot->remaining = count;
    try {
      const auto n = static_cast<std::int64_t>(count);
      slot->images = at::empty({n, outChannels, side, side}, at::kFloat);
      slot->targets = at::empty({n, kNumClasses}, at::kFloat);
      for (std::size_t i = 0; i < count; ++i) {
        slot->indices.push_back(order[first + i]);
        slot->ids.push_back(dataset.images()[order[first + i]].id);
      }
    } catch (...) {
      slot->images = at::Tensor();
      slot->error = std::current_exception();
      slot->errorPosition = first;
    }
    return slot;
  }

  std::size_t ranks() const {
    return static_cast<std::size_t>(std::max(config.shardCount, config.emulatedShards));
  }

  // Samples of rank `rank` per epoch (see LoaderConfig::shardRank).
  std::size_t rankSamples(std::size_t rank) const {
    const std::size_t n = indices.size(), w = ranks();
    if (n == 0) return 0;
    if (config.padShards || config.emulatedShards > 1) return (n + w - 1) / w;
    return n > rank ? (n - rank + w - 1) / w : 0;
  }

  // Batches per epoch of this loader.
  std::size_t epochBatches() const {
    const auto perRank = [&](std::size_t samples) {
      return config.dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize;
    };
    if (config.emulatedShards > 1) return ranks() * perRank(rankSamples(0));
    return perRank(rankSamples(static_cast<std::size_t>(config.shardRank)));
  }

  // Dataset indices of the epoch's samples in the order delivered, and each one's position in
  // the (padded) epoch permutation, which keys its augmentation.
  std::pair<std::vector<std::size_t>, std::vector<std::size_t>> epochOrder(int epochNumber) const {
    std::vector<std::size_t> perm = indices;
    if (config.shuffle && perm.size() > 1) {
      Rng rng(mixSeed(mixSeed(seed, kPermutationStream), static_cast<std::uint64_t>(epochNumber)));
      for (std::size_t i = perm.size() - 1; i > 0; --i)
        std::swap(perm[i], perm[static_cast<std::size_t>(rng.next() % (i + 1))]);
    }
    std::vector<std::size_t> order, positions;
    const std::size_t w = ranks(), n = perm.size();
    if (w == 1) {
      positions.resize(n);
      for (std::size_t i = 0; i < n; ++i) positions[i] = i;
      return {std::move(perm), std::move(positions)};
    }
    const auto add = [&](std::size_t rank, std::size_t i) {
      const std::size_t global = rank + i * w;
      order.push_back(perm[global % n]);
      positions.push_back(global);
    };
    if (config.emulatedShards > 1) {
      const std::size_t perRankBatches = rankSamples(0) / batchSize;
      for (std::size_t k = 0; k < perRankBatches; ++k)
        for (std::size_t r = 0; r < w; ++r)
          for (std::size_t j = 0; j < batchSize; ++j) add(r, k * batchSize + j);
    } else {
      const auto rank = static_cast<std::size_t>(config.shardRank);
      for (std::size_t i = 0; i < rankSamples(rank); ++i) add(rank, i);
    }
    return {std::move(order), std::move(positions)};
  }

  // The resized planes of an image in the source depth, from the cache when it is valid.
  std::vector<cv::Mat> resizedPlanes(const ImageRecord& image) const {
    std::optional<std::uint64_t> fingerprint;
    fs::path cacheFile;
    if (!config.cacheDir.empty()) {
      fingerprint = sourceFingerprint(dataset, image, plan, side, config.channels);
      if (fingerprint) {
        cacheFile = config.cacheDir / cacheFileName(image.id, side, config.channels);
        if (auto cached = readCache(cacheFile, *fingerprint, side, plan.stored.size()))
          return std::move(*cached);
      }
    }
    std::vector<cv::Mat> planes = readPlanes(dataset, image, plan);
    for (auto& plane : planes) plane = resizePlane(plane, side);
    if (fingerprint) {
      try {
        writeFileAtomically(cacheFile, encodeCache(planes, *fingerprint));
      } catch (const Error&) {
        // A cache is an optimisation: without space for it, training goes on from the files.
      }
    }
    return planes;
  }

  // Decodes, augments and normalises the sample at `position` of epoch `epochNumber` into
  // `pixels` ([C, S, S]) and its targets into `target` ([19]).
  void loadSample(std::size_t datasetIndex, std::size_t position, int epochNumber, float* pixels,
                  float* target) const {
    const ImageRecord& image = dataset.images()[datasetIndex];
    std::vector<cv::Mat> planes = resizedPlanes(image);
    const double scale = planes.front().depth() == CV_16U ? 1.0 / 65535.0 : 1.0 / 255.0;
    for (auto& plane : planes) plane.convertTo(plane, CV_32F, scale);

    if (config.augmentEnabled) {
      Rng rng(
          mixSeed(mixSeed(mixSeed(seed, kAugmentStream), static_cast<std::uint64_t>(epochNumber)),
                  position));
      augment(planes, config.augment, drawAugment(rng));
    }

    const std::size_t planeFloats = static_cast<std::size_t>(side) * side;
    for (std::size_t k = 0; k < plan.outputFromStored.size(); ++k) {
      cv::Mat out(side, side, CV_32F, pixels + k * planeFloats);
      planes[plan.outputFromStored[k]].convertTo(out, CV_32F, 1.0 / std[k],
                                                 -static_cast<double>(mean[k]) / std[k]);
    }

    const double smoothing = config.labelSmoothing;
    for (int c = 0; c < kNumClasses; ++c) target[c] = static_cast<float>(smoothing / 2.0);
    for (int label : image.labels)
      if (label >= 0 && label < kNumClasses)
        target[label] = static_cast<float>(1.0 * (1.0 - smoothing) + smoothing / 2.0);
  }

  void workerLoop() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      workReady.wait(lock, [&] { return stopping || claimable(); });
      if (stopping) return;
      const std::size_t position = nextSample++;
      const std::size_t batch = position / batchSize;
      std::shared_ptr<Slot>& entry = slots[batch];
      if (!entry) entry = makeSlot(batch);
      const std::shared_ptr<Slot> slot = entry;
      const std::uint64_t claimedGeneration = generation;
      const int claimedEpoch = epoch;
      const std::size_t datasetIndex = order[position];
      const std::size_t augmentPosition = positions[position];
      const std::size_t row = position - batch * batchSize;
      if (!slot->images.defined()) {  // Allocation failed: the slot already holds the error.
        if (--slot->remaining == 0) batchReady.notify_all();
        continue;
      }
      float* pixels = slot->images.data_ptr<float>() + row * static_cast<std::size_t>(outChannels) *
                                                           static_cast<std::size_t>(side) *
                                                           static_cast<std::size_t>(side);
      float* target = slot->targets.data_ptr<float>() + row * kNumClasses;
      lock.unlock();

      std::exception_ptr error;
      try {
        loadSample(datasetIndex, augmentPosition, claimedEpoch, pixels, target);
      } catch (const cv::Exception& e) {
        error = std::make_exception_ptr(Error("image " + dataset.images()[datasetIndex].id +
                                              ": could not be processed (" + e.what() +
                                              "); check its channel files"));
      } catch (...) {
        error = std::current_exception();
      }

      lock.lock();
      if (claimedGeneration != generation) continue;  // An older epoch's sample: dropped.
      if (error && position < slot->errorPosition) {
        slot->error = error;
        slot->errorPosition = position;
      }
      if (--slot->remaining == 0) batchReady.notify_all();
    }
  }
};

BatchLoader::BatchLoader(const Dataset& dataset, std::vector<std::size_t> indices,
                         LoaderConfig config, std::uint64_t seed)
    : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.plan = channelPlan(config.channels);
  if (config.imageSize < 1)
    throw Error("the loader's image size must be at least 1 pixel, not " +
                std::to_string(config.imageSize));
  if (config.batchSize < 1)
    throw Error("the batch size must be at least 1, not " + std::to_string(config.batchSize));
  if (!(config.labelSmoothing >= 0.0 && config.labelSmoothing <= 1.0))
    throw Error("label smoothing must lie in 0..1, not " + std::to_string(config.labelSmoothing));
  const std::size_t channels = d.plan.outputFromStored.size();
  if (config.mean.empty() && config.std.empty()) {
    std::tie(d.mean, d.std) = defaultNormalisation(channels);
  } else {
    if (config.mean.size() != channels || config.std.size() != channels)
      throw Error("normalisation needs " + std::to_string(channels) +
                  " mean and std values for channel mode " + config.channels + ", got " +
                  std::to_string(config.mean.size()) + " and " + std::to_string(config.std.size()));
    for (float s : config.std)
      if (!(s > 0.0f)) throw Error("every normalisation std must be positive");
    d.mean = config.mean;
    d.std = config.std;
  }
  for (std::size_t index : indices)
    if (index >= dataset.images().size())
      throw std::out_of_range("BatchLoader: image index " + std::to_string(index) +
                              " is out of range (dataset has " +
                              std::to_string(dataset.images().size()) + " images)");
  if (!config.cacheDir.empty()) {
    std::error_code ec;
    fs::create_directories(config.cacheDir, ec);
    if (ec || !fs::is_directory(config.cacheDir))
      throwFileError(config.cacheDir, "cannot create the cache folder (" + ec.message() + ")",
                     "choose a folder you can write to");
  }

  d.dataset = dataset;
  d.indices = std::move(indices);
  d.seed = seed;
  d.side = config.imageSize;
  d.outChannels = static_cast<std::int64_t>(channels);
  d.batchSize = static_cast<std::size_t>(config.batchSize);
  d.prefetch = static_cast<std::size_t>(std::max(1, config.prefetchBatches));
  if (config.shardCount < 1 || config.shardRank < 0 || config.shardRank >= config.shardCount)
    throw Error("the loader's shard " + std::to_string(config.shardRank) + " of " +
                std::to_string(config.shardCount) + " does not exist");
  if (config.emulatedShards < 1 || (config.emulatedShards > 1 && config.shardCount > 1) ||
      (config.emulatedShards > 1 && !config.dropLast))
    throw Error("the loader can emulate " + std::to_string(config.emulatedShards) +
                " shards only alone and with dropLast");
  const int workers = config.workers > 0
                          ? config.workers
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  d.config = std::move(config);
  d.batches = d.epochBatches();
  try {
    for (int i = 0; i < workers; ++i) d.threads.emplace_back([&d] { d.workerLoop(); });
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(d.mutex);
      d.stopping = true;
    }
    d.workReady.notify_all();
    for (auto& thread : d.threads) thread.join();
    throw;
  }
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
    ++impl_->generation;
    impl_->slots.clear();
  }
  impl_->workReady.notify_all();
  for (auto& thread : impl_->threads) thread.join();
}

void BatchLoader::startEpoch(int epoch, std::size_t skipBatches) {
  Impl& d = *impl_;
  auto [order, positions] = d.epochOrder(epoch);
  {
    std::lock_guard<std::mutex> lock(d.mutex);
    ++d.generation;
    d.epoch = epoch;
    d.order = std::move(order);
    d.positions = std::move(positions);
    d.sampleCount = std::min(d.order.size(), d.batches * d.batchSize);
    d.slots.clear();
    d.nextBatch = std::min(skipBatches, d.batches);
    d.nextSample = d.nextBatch * d.batchSize;
    d.started = true;
  }
  d.workReady.notify_all();
}

std::optional<Batch> BatchLoader::next() {
  Impl& d = *impl_;
  std::shared_ptr<Slot> slot;
  {
    std::unique_lock<std::mutex> lock(d.mutex);
    if (!d.started) throw std::logic_error("BatchLoader::next() called before startEpoch()");
    if (d.nextBatch >= d.batches) return std::nullopt;
    const std::size_t batch = d.nextBatch;
    d.batchReady.wait(lock, [&] {
      auto it = d.slots.find(batch);
      return it != d.slots.end() && it->second->remaining == 0;
    });
    auto it = d.slots.find(batch);
    slot = std::move(it->second);
    d.slots.erase(it);
    ++d.nextBatch;
  }
  d.workReady.notify_all();
  if (slot->error) std::rethrow_exception(slot->error);
  return Batch{std::move(slot->images), std::move(slot->targets), std::move(slot->ids),
               std::move(slot->indices)};
}

std::size_t BatchLoader::batchesPerEpoch() const { return impl_->batches; }

}  // namespace cellcam::train
