// BatchLoader (core/src/train/batch_loader.h) and stratifiedSplit on small synthetic datasets.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/classes.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/synth.h"

#include "temp_dir.h"
#include "train/batch_loader.h"
#include <gtest/gtest.h>

namespace cellcam::train {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr int kSide = 32;  // Loader output side; the synthetic images are 64 px.

void writeDataset(const fs::path& out, int train, int size, std::uint64_t seed, bool bit16) {
  SynthOptions o;
  o.out = out;
  o.trainImages = train;
  o.testImages = 1;
  o.size = size;
  o.seed = seed;
  o.bit16 = bit16;
  o.threads = 2;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(o, progress, cancel);
}

std::vector<std::size_t> trainIndices(const Dataset& dataset) {
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < dataset.images().size(); ++i)
    if (dataset.images()[i].split == Split::Train) indices.push_back(i);
  return indices;
}

LoaderConfig plainConfig() {
  LoaderConfig config;
  config.imageSize = kSide;
  config.batchSize = 4;
  config.shuffle = false;
  config.dropLast = false;
  config.workers = 2;
  config.prefetchBatches = 2;
  config.augmentEnabled = false;
  return config;
}

LoaderConfig augmentingConfig() {
  LoaderConfig config = plainConfig();
  config.shuffle = true;
  config.augmentEnabled = true;
  config.augment.resizedCropMinScale = 0.5;
  return config;
}

std::vector<Batch> epochBatches(BatchLoader& loader, int epoch, std::size_t skip = 0) {
  loader.startEpoch(epoch, skip);
  std::vector<Batch> batches;
  while (auto batch = loader.next()) batches.push_back(std::move(*batch));
  return batches;
}

std::vector<Batch> load(const Dataset& dataset, const LoaderConfig& config, int epoch,
                        std::uint64_t seed = 11) {
  BatchLoader loader(dataset, trainIndices(dataset), config, seed);
  return epochBatches(loader, epoch);
}

bool bitwiseEqual(const at::Tensor& a, const at::Tensor& b) {
  if (a.sizes() != b.sizes() || a.scalar_type() != b.scalar_type()) return false;
  const at::Tensor ca = a.contiguous(), cb = b.contiguous();
  return std::memcmp(ca.data_ptr(), cb.data_ptr(), ca.numel() * ca.element_size()) == 0;
}

bool sameBatches(const std::vector<Batch>& a, const std::vector<Batch>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!bitwiseEqual(a[i].images, b[i].images) || !bitwiseEqual(a[i].targets, b[i].targets) ||
        a[i].ids != b[i].ids || a[i].indices != b[i].indices)
      return false;
  return true;
}

std::vector<std::size_t> orderOf(const std::vector<Batch>& batches) {
  std::vector<std::size_t> order;
  for (const auto& batch : batches)
    order.insert(order.end(), batch.indices.begin(), batch.indices.end());
  return order;
}

cv::Mat planeOf(const at::Tensor& images, std::int64_t sample, std::int64_t channel) {
  at::Tensor plane = images[sample][channel].contiguous();
  return cv::Mat(static_cast<int>(plane.size(0)), static_cast<int>(plane.size(1)), CV_32F,
                 plane.data_ptr<float>())
      .clone();
}

cv::Mat resizedSource(const Dataset& dataset, std::size_t index, Channel channel) {
  const cv::Mat plane = readChannelFile(dataset.channelFile(dataset.images()[index], channel));
  cv::Mat out;
  cv::resize(plane, out, cv::Size(kSide, kSide), 0, 0, cv::INTER_AREA);
  out.convertTo(out, CV_32F);
  return out;
}

// Labels of train.csv, read independently of Dataset.
std::map<std::string, std::set<int>> trainCsvLabels(const fs::path& root) {
  std::map<std::string, std::set<int>> labels;
  std::ifstream in(root / "train.csv");
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto comma = line.find(',');
    std::set<int>& set = labels[line.substr(0, comma)];
    std::stringstream field(line.substr(comma + 1));
    std::string token;
    while (std::getline(field, token, '|')) set.insert(std::stoi(token));
  }
  return labels;
}

std::vector<fs::path> cacheFiles(const fs::path& cacheDir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(cacheDir))
    if (entry.path().extension() == ".bin") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// One 8-bit and one 16-bit dataset of 64 px images, shared by the tests that only read them.
class BatchLoaderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    writeDataset(dir_->path() / "u8", 12, 64, 7, false);
    writeDataset(dir_->path() / "u16", 6, 64, 8, true);
    u8_ = new Dataset(Dataset::open(dir_->path() / "u8"));
    u16_ = new Dataset(Dataset::open(dir_->path() / "u16"));
  }
  static void TearDownTestSuite() {
    delete u8_;
    delete u16_;
    delete dir_;
  }
  static const Dataset& u8() { return *u8_; }
  static const Dataset& u16() { return *u16_; }

 private:
  static inline TempDir* dir_ = nullptr;
  static inline Dataset* u8_ = nullptr;
  static inline Dataset* u16_ = nullptr;
};

TEST_F(BatchLoaderTest, BatchShapesCountsAndIds) {
  LoaderConfig config = plainConfig();
  config.batchSize = 5;
  auto batches = load(u8(), config, 0);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].images.sizes(), (at::IntArrayRef{5, 4, kSide, kSide}));
  EXPECT_EQ(batches[2].images.sizes(), (at::IntArrayRef{2, 4, kSide, kSide}));
  EXPECT_EQ(batches[0].targets.sizes(), (at::IntArrayRef{5, kNumClasses}));
  EXPECT_EQ(batches[0].images.scalar_type(), at::kFloat);
  EXPECT_EQ(orderOf(batches), trainIndices(u8()));
  for (const auto& batch : batches)
    for (std::size_t i = 0; i < batch.ids.size(); ++i)
      EXPECT_EQ(batch.ids[i], u8().images()[batch.indices[i]].id);

  config.dropLast = true;
  BatchLoader loader(u8(), trainIndices(u8()), config, 1);
  EXPECT_EQ(loader.batchesPerEpoch(), 2u);
  EXPECT_EQ(epochBatches(loader, 0).size(), 2u);

  config.channels = "rgb";
  EXPECT_EQ(load(u8(), config, 0)[0].images.size(1), 3);
  config.channels = "ggg";
  EXPECT_EQ(load(u8(), config, 0)[0].images.size(1), 3);
}

TEST_F(BatchLoaderTest, NormalisationUndoesToTheResizedPixels) {
  const float mean[4] = {0.485f, 0.456f, 0.406f, 0.485f}, std[4] = {0.229f, 0.224f, 0.225f, 0.229f};
  struct Case {
    const Dataset* dataset;
    double max;
    double tolerance;
  };
  for (const Case& c : {Case{&u8(), 255.0, 2e-3}, Case{&u16(), 65535.0, 0.05}}) {
    const auto batches = load(*c.dataset, plainConfig(), 0);
    for (const auto& batch : batches)
      for (std::size_t i = 0; i < batch.indices.size(); ++i)
        for (int ch = 0; ch < 4; ++ch) {
          cv::Mat undone = planeOf(batch.images, static_cast<std::int64_t>(i), ch);
          undone.convertTo(undone, CV_32F, std[ch] * c.max, mean[ch] * c.max);
          const cv::Mat expected = resizedSource(*c.dataset, batch.indices[i], kRgbyChannels[ch]);
          EXPECT_LT(cv::norm(undone, expected, cv::NORM_INF), c.tolerance)
              << batch.ids[i] << " channel " << ch;
        }
  }

  // ggg: green in all three channels, each normalised with ImageNet's values by position.
  LoaderConfig config = plainConfig();
  config.channels = "ggg";
  const auto batch = load(u8(), config, 0)[0];
  const cv::Mat green = resizedSource(u8(), batch.indices[0], Channel::Green);
  for (int ch = 0; ch < 3; ++ch) {
    cv::Mat undone = planeOf(batch.images, 0, ch);
    undone.convertTo(undone, CV_32F, std[ch] * 255.0, mean[ch] * 255.0);
    EXPECT_LT(cv::norm(undone, green, cv::NORM_INF), 2e-3) << "channel " << ch;
  }

  // Explicit mean/std.
  config = plainConfig();
  config.mean = {0.1f, 0.2f, 0.3f, 0.4f};
  config.std = {0.5f, 0.6f, 0.7f, 0.8f};
  const auto custom = load(u8(), config, 0)[0];
  cv::Mat undone = planeOf(custom.images, 1, 3);
  undone.convertTo(undone, CV_32F, 0.8 * 255.0, 0.4 * 255.0);
  EXPECT_LT(cv::norm(undone, resizedSource(u8(), custom.indices[1], Channel::Yellow), cv::NORM_INF),
            2e-3);
}

TEST_F(BatchLoaderTest, TargetsMatchTrainCsvWithAndWithoutSmoothing) {
  const auto csv = trainCsvLabels(u8().root());
  ASSERT_EQ(csv.size(), 12u);
  for (double smoothing : {0.0, 0.1}) {
    LoaderConfig config = plainConfig();
    config.labelSmoothing = smoothing;
    int positives = 0;
    for (const auto& batch : load(u8(), config, 0)) {
      for (std::size_t i = 0; i < batch.ids.size(); ++i) {
        const std::set<int>& labels = csv.at(batch.ids[i]);
        for (int c = 0; c < kNumClasses; ++c) {
          const float expected = labels.count(c) ? static_cast<float>(1.0 - smoothing / 2.0)
                                                 : static_cast<float>(smoothing / 2.0);
          EXPECT_FLOAT_EQ(batch.targets[static_cast<std::int64_t>(i)][c].item<float>(), expected)
              << batch.ids[i] << " class " << c;
          positives += labels.count(c) ? 1 : 0;
        }
      }
    }
    EXPECT_GT(positives, 12);
  }
}

TEST_F(BatchLoaderTest, SameBatchesForAnyWorkerCount) {
  LoaderConfig one = augmentingConfig(), three = augmentingConfig();
  one.workers = 1;
  one.prefetchBatches = 1;
  three.workers = 3;
  three.prefetchBatches = 4;
  BatchLoader a(u8(), trainIndices(u8()), one, 5), b(u8(), trainIndices(u8()), three, 5);
  for (int epoch : {0, 1}) {
    const auto batchesA = epochBatches(a, epoch), batchesB = epochBatches(b, epoch);
    ASSERT_EQ(batchesA.size(), 3u);
    EXPECT_TRUE(sameBatches(batchesA, batchesB)) << "epoch " << epoch;
  }
  // And a new loader with the same seed repeats them.
  EXPECT_TRUE(sameBatches(load(u8(), three, 1, 5), epochBatches(a, 1)));
}

TEST_F(BatchLoaderTest, EpochsAndSeedsGiveDifferentOrders) {
  LoaderConfig config = plainConfig();
  config.shuffle = true;
  BatchLoader loader(u8(), trainIndices(u8()), config, 3);
  const auto first = orderOf(epochBatches(loader, 0)), second = orderOf(epochBatches(loader, 1));
  EXPECT_NE(first, second);
  for (const auto& order : {first, second}) {
    auto sorted = order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, trainIndices(u8()));  // Every image exactly once.
  }
  EXPECT_NE(orderOf(load(u8(), config, 0, 4)), first);
  config.shuffle = false;
  EXPECT_EQ(orderOf(load(u8(), config, 1)), trainIndices(u8()));
}

TEST_F(BatchLoaderTest, SkipResumesExactlyWhereTheFullEpochWas) {
  LoaderConfig config = augmentingConfig();
  config.batchSize = 3;
  BatchLoader loader(u8(), trainIndices(u8()), config, 9);
  const auto full = epochBatches(loader, 2);
  ASSERT_EQ(full.size(), 4u);
  const auto tail = epochBatches(loader, 2, 2);
  EXPECT_TRUE(sameBatches(tail, std::vector<Batch>(full.begin() + 2, full.end())));
  EXPECT_TRUE(epochBatches(loader, 2, 4).empty());
  EXPECT_TRUE(epochBatches(loader, 2, 100).empty());

  // Restarting mid-epoch discards what was prefetched.
  loader.startEpoch(1);
  ASSERT_TRUE(loader.next());
  EXPECT_TRUE(
      sameBatches(epochBatches(loader, 2, 1), std::vector<Batch>(full.begin() + 1, full.end())));
}

TEST_F(BatchLoaderTest, CacheHitIsBitwiseTheSameAsNoCache) {
  TempDir cache;
  for (const Dataset* dataset : {&u8(), &u16()}) {
    LoaderConfig config = augmentingConfig();
    const auto uncached = load(*dataset, config, 1);
    config.cacheDir = cache / (dataset == &u8() ? "u8" : "u16");
    const auto miss = load(*dataset, config, 1);
    const auto files = cacheFiles(config.cacheDir);
    ASSERT_EQ(files.size(), trainIndices(*dataset).size());
    const std::size_t bytesPerSample = dataset == &u8() ? 1 : 2;
    for (const auto& file : files)
      EXPECT_EQ(fs::file_size(file), 48 + 4 * kSide * kSide * bytesPerSample) << file;
    const auto writeTime = fs::last_write_time(files.front());
    const auto hit = load(*dataset, config, 1);
    EXPECT_EQ(fs::last_write_time(files.front()), writeTime);  // Read, not rewritten.
    EXPECT_TRUE(sameBatches(uncached, miss));
    EXPECT_TRUE(sameBatches(uncached, hit));
  }
}

TEST_F(BatchLoaderTest, CorruptCacheFilesAreRebuilt) {
  TempDir cache;
  LoaderConfig config = plainConfig();
  config.cacheDir = cache.path();
  const auto reference = load(u8(), config, 0);
  const auto files = cacheFiles(cache.path());
  ASSERT_GE(files.size(), 3u);
  const std::string good0 = test::readBytes(files[0]), good1 = test::readBytes(files[1]),
                    good2 = test::readBytes(files[2]);

  std::string flipped = good0;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x10);
  test::writeText(files[0], flipped);                         // A changed pixel (CRC).
  test::writeText(files[1], good1.substr(0, 1000));           // Truncated.
  test::writeText(files[2], std::string(good2.size(), 'x'));  // Garbage of the right length.

  EXPECT_TRUE(sameBatches(load(u8(), config, 0), reference));
  EXPECT_EQ(test::readBytes(files[0]), good0);
  EXPECT_EQ(test::readBytes(files[1]), good1);
  EXPECT_EQ(test::readBytes(files[2]), good2);
}

TEST(BatchLoader, ChangedSourceFilesInvalidateTheCache) {
  TempDir dir;
  writeDataset(dir / "data", 4, 64, 21, false);
  const Dataset dataset = Dataset::open(dir / "data");
  LoaderConfig config = plainConfig();
  config.cacheDir = dir / "cache";
  const auto before = load(dataset, config, 0);

  const ImageRecord& image = dataset.images()[trainIndices(dataset)[1]];
  const fs::path red = dataset.channelFile(image, Channel::Red);
  cv::Mat inverted = 255 - readChannelFile(red);
  ASSERT_TRUE(cv::imwrite(red.string(), inverted));

  LoaderConfig noCache = config;
  noCache.cacheDir.clear();
  const auto uncached = load(dataset, noCache, 0), cached = load(dataset, config, 0);
  EXPECT_FALSE(sameBatches(before, uncached));
  EXPECT_TRUE(sameBatches(uncached, cached));

  // Another size is another cache file.
  config.imageSize = 16;
  load(dataset, config, 0);
  EXPECT_EQ(cacheFiles(dir / "cache").size(), 8u);
}

TEST(BatchLoader, MissingChannelFileIsReportedFromNext) {
  TempDir dir;
  writeDataset(dir / "data", 8, 64, 22, false);
  const Dataset dataset = Dataset::open(dir / "data");
  const auto indices = trainIndices(dataset);
  const fs::path green = dataset.channelFile(dataset.images()[indices[5]], Channel::Green);
  fs::remove(green);

  for (bool cache : {false, true}) {
    LoaderConfig config = plainConfig();
    if (cache) config.cacheDir = dir / "cache";
    BatchLoader loader(dataset, indices, config, 1);
    loader.startEpoch(0);
    ASSERT_TRUE(loader.next());  // Images 0..3.
    try {
      loader.next();  // Images 4..7: 5 has no green file.
      ADD_FAILURE() << "no error for the missing file";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(green.string()), std::string::npos) << e.what();
    }
    EXPECT_FALSE(loader.next());  // The failed batch was the last one.
  }
}

TEST(BatchLoader, DestructorStopsPromptlyMidEpoch) {
  TempDir dir;
  writeDataset(dir / "data", 16, 256, 23, false);
  const Dataset dataset = Dataset::open(dir / "data");
  LoaderConfig config = plainConfig();
  config.batchSize = 2;
  config.prefetchBatches = 8;
  const auto start = std::chrono::steady_clock::now();
  {
    BatchLoader loader(dataset, trainIndices(dataset), config, 1);
    loader.startEpoch(0);
    ASSERT_TRUE(loader.next());
  }
  {
    BatchLoader loader(dataset, trainIndices(dataset), config, 1);
    loader.startEpoch(0);
  }
  { BatchLoader never(dataset, trainIndices(dataset), config, 1); }
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

TEST_F(BatchLoaderTest, AugmentFlagsOffLeaveImagesUnchanged) {
  const auto plain = load(u8(), plainConfig(), 0);
  LoaderConfig config = plainConfig();
  config.augmentEnabled = true;
  config.augment.flips = false;
  config.augment.rotate90 = false;
  config.augment.brightness = 0;
  config.augment.contrast = 0;
  config.augment.resizedCropMinScale = 1;
  EXPECT_TRUE(sameBatches(load(u8(), config, 0), plain));
  config = augmentingConfig();
  config.shuffle = false;
  config.augmentEnabled = false;
  EXPECT_TRUE(sameBatches(load(u8(), config, 3), plain));
}

// Augmentations with only `flips` or only `rotate90` on: each sample is one of the expected
// transforms of the plain sample (the same pixels, moved), and some samples did change.
TEST_F(BatchLoaderTest, FlipsAndRotationsMovePixels) {
  const auto plain = load(u8(), plainConfig(), 0);
  for (bool rotate : {false, true}) {
    LoaderConfig config = plainConfig();
    config.augmentEnabled = true;
    config.augment.flips = !rotate;
    config.augment.rotate90 = rotate;
    config.augment.brightness = 0;
    config.augment.contrast = 0;
    int changed = 0;
    for (int epoch = 0; epoch < 2; ++epoch) {
      const auto augmented = load(u8(), config, epoch);
      ASSERT_EQ(augmented.size(), plain.size());
      for (std::size_t b = 0; b < plain.size(); ++b) {
        for (std::int64_t i = 0; i < plain[b].images.size(0); ++i) {
          const at::Tensor x = plain[b].images[i], y = augmented[b].images[i];
          std::vector<at::Tensor> candidates;
          if (rotate)
            for (int k = 0; k < 4; ++k) candidates.push_back(at::rot90(x, k, {1, 2}));
          else
            candidates = {x, at::flip(x, {2}), at::flip(x, {1}), at::flip(x, {1, 2})};
          const bool match = std::any_of(candidates.begin(), candidates.end(),
                                         [&](const at::Tensor& t) { return bitwiseEqual(t, y); });
          EXPECT_TRUE(match) << "batch " << b << " sample " << i;
          EXPECT_TRUE(
              bitwiseEqual(std::get<0>(x.flatten().sort()), std::get<0>(y.flatten().sort())));
          if (!bitwiseEqual(x, y)) ++changed;
        }
      }
    }
    EXPECT_GT(changed, 6) << (rotate ? "rotate90" : "flips");
  }
}

TEST_F(BatchLoaderTest, BrightnessContrastAndCropStayInRange) {
  const auto plain = load(u8(), plainConfig(), 0);
  const at::Tensor mean = at::tensor({0.485f, 0.456f, 0.406f, 0.485f}).view({1, 4, 1, 1});
  const at::Tensor std = at::tensor({0.229f, 0.224f, 0.225f, 0.229f}).view({1, 4, 1, 1});
  for (int which = 0; which < 3; ++which) {
    LoaderConfig config = plainConfig();
    config.augmentEnabled = true;
    config.augment.flips = false;
    config.augment.rotate90 = false;
    config.augment.brightness = which == 0 ? 0.3 : 0.0;
    config.augment.contrast = which == 1 ? 0.3 : 0.0;
    config.augment.resizedCropMinScale = which == 2 ? 0.3 : 1.0;
    const auto augmented = load(u8(), config, 0);
    int changed = 0;
    for (std::size_t b = 0; b < plain.size(); ++b) {
      ASSERT_EQ(augmented[b].images.sizes(), plain[b].images.sizes());
      const at::Tensor raw = augmented[b].images * std + mean;
      EXPECT_GE(raw.min().item<float>(), -1e-5f);
      EXPECT_LE(raw.max().item<float>(), 1.0f + 1e-5f);
      if (!bitwiseEqual(augmented[b].images, plain[b].images)) ++changed;
      if (which == 0) {  // Brightness scales by 0.7..1.3 (before clamping at 1).
        const at::Tensor x = plain[b].images * std + mean;
        const double ratio = raw.sum().item<double>() / x.sum().item<double>();
        EXPECT_GT(ratio, 0.69);
        EXPECT_LT(ratio, 1.31);
      }
    }
    EXPECT_EQ(changed, static_cast<int>(plain.size())) << "augmentation " << which;
  }
}

TEST_F(BatchLoaderTest, RejectsBadConfigs) {
  LoaderConfig config = plainConfig();
  config.channels = "rgbx";
  EXPECT_THROW(BatchLoader(u8(), trainIndices(u8()), config, 1), Error);
  config = plainConfig();
  config.mean = {0.5f, 0.5f, 0.5f};
  config.std = {0.2f, 0.2f, 0.2f};
  EXPECT_THROW(BatchLoader(u8(), trainIndices(u8()), config, 1), Error);
  config = plainConfig();
  config.batchSize = 0;
  EXPECT_THROW(BatchLoader(u8(), trainIndices(u8()), config, 1), Error);
  EXPECT_THROW(BatchLoader(u8(), {999}, plainConfig(), 1), std::out_of_range);
  BatchLoader loader(u8(), trainIndices(u8()), plainConfig(), 1);
  EXPECT_THROW(loader.next(), std::logic_error);
}

// Loader timings on a real-size dataset: CELLCAM_LOADER_BENCH=<dataset folder>, e.g. one
// written by `cellcam synth --size 2048`. Run with --gtest_also_run_disabled_tests.
TEST(BatchLoader, DISABLED_Bench) {
  const char* root = std::getenv("CELLCAM_LOADER_BENCH");
  if (root == nullptr) GTEST_SKIP() << "set CELLCAM_LOADER_BENCH to a dataset folder";
  const Dataset dataset = Dataset::open(root);
  const auto indices = trainIndices(dataset);
  TempDir cache;
  LoaderConfig config;
  config.imageSize = 512;
  config.batchSize = 8;
  config.workers = 2;
  config.cacheDir = cache.path();
  auto timeEpoch = [&](BatchLoader& loader, int epoch) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t images = 0;
    loader.startEpoch(epoch);
    while (auto batch = loader.next()) images += batch->ids.size();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "epoch " << epoch << ": " << images << " images in " << seconds << " s, "
              << images / seconds << " images/s\n";
  };
  {
    LoaderConfig noCache = config;
    noCache.cacheDir.clear();
    BatchLoader loader(dataset, indices, noCache, 1);
    std::cout << "no cache\n";
    timeEpoch(loader, 0);
  }
  BatchLoader loader(dataset, indices, config, 1);
  std::cout << "cache in " << cache.path() << "\n";
  timeEpoch(loader, 0);
  timeEpoch(loader, 1);
}

// --- stratifiedSplit ---------------------------------------------------------------------

// Multilabel data with classes of very different frequencies (like HPA's).
std::vector<std::vector<int>> randomLabels(std::size_t n, unsigned seed) {
  std::vector<std::vector<int>> labels(n);
  std::uint64_t state = seed;
  auto uniform = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (auto& set : labels) {
    for (int c = 0; c < kNumClasses; ++c)
      if (uniform() < 0.4 / (1 + c)) set.push_back(c);
    if (set.empty() && uniform() < 0.7) set.push_back(kNegativeClass);
  }
  return labels;
}

TEST(StratifiedSplit, DisjointCompleteAndSized) {
  for (std::size_t n : {0u, 1u, 7u, 10u, 500u}) {
    for (double fraction : {0.0, 0.2, 0.25, 0.5, 1.0}) {
      const auto labels = randomLabels(n, 1);
      const auto [train, validation] = stratifiedSplit(labels, fraction, 3);
      EXPECT_EQ(validation.size(), static_cast<std::size_t>(std::llround(fraction * n)))
          << n << " " << fraction;
      std::vector<std::size_t> all = train;
      all.insert(all.end(), validation.begin(), validation.end());
      std::sort(all.begin(), all.end());
      std::vector<std::size_t> expected(n);
      for (std::size_t i = 0; i < n; ++i) expected[i] = i;
      EXPECT_EQ(all, expected) << n << " " << fraction;
    }
  }
}

TEST(StratifiedSplit, KeepsClassProportions) {
  const auto labels = randomLabels(1000, 2);
  const double fraction = 0.2;
  const auto [train, validation] = stratifiedSplit(labels, fraction, 5);
  std::vector<int> total(kNumClasses), inValidation(kNumClasses);
  for (const auto& set : labels)
    for (int c : set) ++total[static_cast<std::size_t>(c)];
  for (std::size_t i : validation)
    for (int c : labels[i]) ++inValidation[static_cast<std::size_t>(c)];
  for (int c = 0; c < kNumClasses; ++c) {
    const double expected = fraction * total[static_cast<std::size_t>(c)];
    EXPECT_LE(std::abs(inValidation[static_cast<std::size_t>(c)] - expected), 1.0)
        << "class " << c << ": " << inValidation[static_cast<std::size_t>(c)] << " of "
        << total[static_cast<std::size_t>(c)];
  }
}

TEST(StratifiedSplit, DeterministicPerSeed) {
  const auto labels = randomLabels(300, 3);
  EXPECT_EQ(stratifiedSplit(labels, 0.3, 1), stratifiedSplit(labels, 0.3, 1));
  EXPECT_NE(stratifiedSplit(labels, 0.3, 1), stratifiedSplit(labels, 0.3, 2));
}

TEST(StratifiedSplit, RejectsBadInput) {
  EXPECT_THROW(stratifiedSplit({{0}, {1}}, 1.5, 0), Error);
  EXPECT_THROW(stratifiedSplit({{0}, {-1}}, 0.5, 0), Error);
}

}  // namespace
}  // namespace cellcam::train
