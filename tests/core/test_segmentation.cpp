#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/segment_dataset.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

using test::TempDir;
using test::writeText;

ChannelImage channelsOf(const SynthImage& s) {
  ChannelImage image;
  image.red = s.red;
  image.green = s.green;
  image.blue = s.blue;
  image.yellow = s.yellow;
  return image;
}

ChannelImage cropped(const ChannelImage& image, const cv::Rect& roi) {
  ChannelImage out;
  out.red = image.red(roi).clone();
  out.green = image.green(roi).clone();
  out.blue = image.blue(roi).clone();
  if (image.hasYellow()) out.yellow = image.yellow(roi).clone();
  return out;
}

std::set<int> labelSet(const cv::Mat& labels) {
  std::set<int> ids;
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x)
      if (const int v = labels.at<int>(y, x)) ids.insert(v);
  return ids;
}

std::set<int> borderLabels(const cv::Mat& labels) {
  std::set<int> ids;
  for (int x = 0; x < labels.cols; ++x) {
    ids.insert(labels.at<int>(0, x));
    ids.insert(labels.at<int>(labels.rows - 1, x));
  }
  for (int y = 0; y < labels.rows; ++y) {
    ids.insert(labels.at<int>(y, 0));
    ids.insert(labels.at<int>(y, labels.cols - 1));
  }
  ids.erase(0);
  return ids;
}

void expectConsecutive(const cv::Mat& labels) {
  const std::set<int> ids = labelSet(labels);
  int expected = 1;
  for (int id : ids) EXPECT_EQ(id, expected++);
}

// --- the classical segmenter on synthetic images -------------------------------------------

TEST(SegmentCells, MatchesSyntheticTruth) {
  SegmentationScore total;
  for (std::uint64_t seed : {11u, 12u, 13u, 14u, 15u, 16u}) {
    const int size = seed % 2 ? 384 : 512;
    const SynthImage s = synthesizeImage(size, seed, false);
    const cv::Mat labels = segmentCells(channelsOf(s));
    ASSERT_EQ(labels.type(), CV_32S);
    ASSERT_EQ(labels.size(), s.labels.size());
    const SegmentationScore score = scoreSegmentation(s.labels, labels);
    EXPECT_GE(score.matchedFraction(), 0.85) << "seed " << seed << ", size " << size;
    total += score;
  }
  EXPECT_GE(total.matchedFraction(), 0.9);
  EXPECT_GE(total.meanMatchedIoU(), 0.85);
  EXPECT_GE(total.predictedCells, total.matched);
}

TEST(SegmentCells, WorksAtHighResolution) {
  const SynthImage s = synthesizeImage(1536, 21, false);
  const SegmentationScore score = scoreSegmentation(s.labels, segmentCells(channelsOf(s)));
  EXPECT_GE(score.matchedFraction(), 0.85);
  EXPECT_GE(score.meanMatchedIoU(), 0.85);
}

TEST(SegmentCells, WorksWithoutYellow) {
  const SynthImage s = synthesizeImage(512, 31, false);
  ChannelImage image = channelsOf(s);
  image.yellow = cv::Mat();
  const SegmentationScore score = scoreSegmentation(s.labels, segmentCells(image));
  EXPECT_GE(score.matchedFraction(), 0.8);
}

TEST(SegmentCells, SixteenBitInputGivesTheSameCellsAsEightBit) {
  for (std::uint64_t seed : {41u, 42u}) {
    const SynthImage s8 = synthesizeImage(512, seed, false);
    const SynthImage s16 = synthesizeImage(512, seed, true);
    ASSERT_EQ(s16.red.depth(), CV_16U);
    const cv::Mat a = segmentCells(channelsOf(s8)), b = segmentCells(channelsOf(s16));
    const SegmentationScore agreement = scoreSegmentation(a, b, 0.9);
    EXPECT_NEAR(static_cast<double>(agreement.predictedCells),
                static_cast<double>(agreement.trueCells), 1.0);
    EXPECT_GE(agreement.matchedFraction(), 0.95) << "seed " << seed;
    EXPECT_GE(agreement.meanMatchedIoU(), 0.97) << "seed " << seed;
  }
}

TEST(SegmentCells, OutputHasTheSizeOfANonSquareInput) {
  const SynthImage s = synthesizeImage(512, 51, false);
  const cv::Rect roi(7, 0, 331, 512);  // tall, odd width
  const ChannelImage image = cropped(channelsOf(s), roi);
  const cv::Mat labels = segmentCells(image);
  EXPECT_EQ(labels.cols, 331);
  EXPECT_EQ(labels.rows, 512);
  EXPECT_EQ(labels.type(), CV_32S);
  const SegmentationScore score = scoreSegmentation(s.labels(roi), labels);
  EXPECT_GE(score.matchedFraction(), 0.85);

  SegmentationConfig fullSize;
  fullSize.workSize = 0;
  const cv::Mat labelsFull = segmentCells(image, fullSize);
  EXPECT_EQ(labelsFull.size(), cv::Size(331, 512));
}

TEST(SegmentCells, LabelsAreOneToNWithoutGaps) {
  for (bool removeBorder : {false, true}) {
    SegmentationConfig config;
    config.removeBorderCells = removeBorder;
    for (std::uint64_t seed : {61u, 62u}) {
      const cv::Mat labels = segmentCells(channelsOf(synthesizeImage(448, seed, false)), config);
      ASSERT_FALSE(labelSet(labels).empty());
      expectConsecutive(labels);
    }
  }
}

TEST(SegmentCells, RemoveBorderCellsRemovesExactlyTheCellsTouchingTheBorder) {
  const ChannelImage image = channelsOf(synthesizeImage(512, 71, false));
  const cv::Mat all = segmentCells(image);
  SegmentationConfig config;
  config.removeBorderCells = true;
  const cv::Mat inner = segmentCells(image, config);

  const std::set<int> border = borderLabels(all);
  ASSERT_FALSE(border.empty()) << "the test image should have cells cut by the border";
  EXPECT_TRUE(borderLabels(inner).empty());
  EXPECT_EQ(labelSet(inner).size(), labelSet(all).size() - border.size());
  // Every pixel of a kept cell is unchanged up to renumbering; removed cells are background.
  std::map<int, int> allToInner;
  bool consistent = true;
  for (int y = 0; y < all.rows && consistent; ++y)
    for (int x = 0; x < all.cols; ++x) {
      const int a = all.at<int>(y, x), b = inner.at<int>(y, x);
      if (a == 0 || border.count(a)) {
        consistent &= b == 0;
      } else {
        auto [it, inserted] = allToInner.emplace(a, b);
        consistent &= b != 0 && it->second == b;
      }
    }
  EXPECT_TRUE(consistent);
  std::set<int> images;
  for (const auto& [a, b] : allToInner) images.insert(b);
  EXPECT_EQ(images.size(), allToInner.size());  // one-to-one
}

TEST(SegmentCells, SplitsTouchingNuclei) {
  // Two overlapping round nuclei inside two overlapping cells (work size = image size).
  ChannelImage image;
  image.red = cv::Mat(256, 256, CV_8U, cv::Scalar(5));
  image.blue = cv::Mat(256, 256, CV_8U, cv::Scalar(5));
  image.green = image.red.clone();
  for (const cv::Point center : {cv::Point(100, 128), cv::Point(138, 128)}) {
    cv::circle(image.red, center, 45, cv::Scalar(90), cv::FILLED);
    cv::circle(image.blue, center, 20, cv::Scalar(200), cv::FILLED);
  }
  SegmentationConfig config;
  config.workSize = 256;
  const cv::Mat labels = segmentCells(image, config);
  ASSERT_EQ(labelSet(labels).size(), 2u);
  EXPECT_NE(labels.at<int>(128, 90), labels.at<int>(128, 148));
  config.nucleusSplit = 0;  // the whole blob is one seed
  EXPECT_EQ(labelSet(segmentCells(image, config)).size(), 1u);
}

TEST(SegmentCells, BlankImageHasNoCells) {
  ChannelImage image;
  image.red = cv::Mat::zeros(200, 300, CV_8U);
  image.green = image.red.clone();
  image.blue = image.red.clone();
  image.yellow = image.red.clone();
  const cv::Mat labels = segmentCells(image);
  EXPECT_EQ(labels.size(), cv::Size(300, 200));
  EXPECT_EQ(cv::countNonZero(labels), 0);
}

TEST(SegmentCells, IsDeterministicAcrossThreads) {
  const ChannelImage image = channelsOf(synthesizeImage(384, 81, false));
  const cv::Mat reference = segmentCells(image);
  std::vector<std::future<cv::Mat>> runs;
  for (int t = 0; t < 4; ++t)
    runs.push_back(std::async(std::launch::async, [&image] { return segmentCells(image); }));
  for (auto& run : runs) EXPECT_EQ(cv::norm(run.get(), reference, cv::NORM_INF), 0.0);
}

TEST(SegmentCells, RejectsBadInput) {
  ChannelImage image = channelsOf(synthesizeImage(128, 91, false));
  SegmentationConfig bad;
  bad.nucleusSplit = 2.0;
  try {
    segmentCells(image, bad);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nucleusSplit"), std::string::npos) << e.what();
  }
  image.yellow = cv::Mat::zeros(64, 64, CV_8U);
  EXPECT_THROW(segmentCells(image), Error);
  image.yellow = cv::Mat();
  image.red = cv::Mat();
  EXPECT_THROW(segmentCells(image), Error);
}

// --- scoring --------------------------------------------------------------------------------

cv::Mat blank(int rows = 20, int cols = 20) { return cv::Mat::zeros(rows, cols, CV_32S); }

TEST(ScoreSegmentation, IdenticalImagesMatchEveryCellWithIoUOne) {
  cv::Mat labels = blank();
  labels(cv::Rect(0, 0, 5, 5)) = 1;
  labels(cv::Rect(10, 10, 6, 4)) = 7;
  labels(cv::Rect(5, 0, 5, 5)) = 3;  // touches cell 1
  const SegmentationScore s = scoreSegmentation(labels, labels);
  EXPECT_EQ(s.trueCells, 3);
  EXPECT_EQ(s.predictedCells, 3);
  EXPECT_EQ(s.matched, 3);
  EXPECT_DOUBLE_EQ(s.matchedFraction(), 1.0);
  EXPECT_DOUBLE_EQ(s.meanMatchedIoU(), 1.0);
  // Mixed depths: a 16-bit truth against a 32-bit prediction.
  cv::Mat truth16;
  labels.convertTo(truth16, CV_16U);
  EXPECT_EQ(scoreSegmentation(truth16, labels).matched, 3);
}

TEST(ScoreSegmentation, ACellSplitInTwoHalvesIsNotMatched) {
  cv::Mat truth = blank(), predicted = blank();
  truth(cv::Rect(2, 2, 10, 10)) = 1;
  predicted(cv::Rect(2, 2, 5, 10)) = 1;
  predicted(cv::Rect(7, 2, 5, 10)) = 2;  // each half has IoU 0.5
  const SegmentationScore s = scoreSegmentation(truth, predicted);
  EXPECT_EQ(s.trueCells, 1);
  EXPECT_EQ(s.predictedCells, 2);
  EXPECT_EQ(s.matched, 0);
  EXPECT_DOUBLE_EQ(s.matchedFraction(), 0.0);
  EXPECT_DOUBLE_EQ(s.meanMatchedIoU(), 0.0);
}

TEST(ScoreSegmentation, AShiftedCellHasTheExpectedIoU) {
  cv::Mat truth = blank(), predicted = blank();
  truth(cv::Rect(2, 2, 10, 10)) = 4;
  predicted(cv::Rect(4, 2, 10, 10)) = 9;  // overlap 8x10 = 80, union 120
  SegmentationScore s = scoreSegmentation(truth, predicted);
  EXPECT_EQ(s.matched, 1);
  EXPECT_NEAR(s.meanMatchedIoU(), 80.0 / 120.0, 1e-12);
  predicted = blank();
  predicted(cv::Rect(6, 2, 10, 10)) = 9;  // overlap 60, union 140: below 0.6
  s = scoreSegmentation(truth, predicted);
  EXPECT_EQ(s.matched, 0);
  EXPECT_EQ(scoreSegmentation(truth, predicted, 0.4).matched, 1);
}

TEST(ScoreSegmentation, EmptyImages) {
  const SegmentationScore none = scoreSegmentation(blank(), blank());
  EXPECT_EQ(none.trueCells, 0);
  EXPECT_EQ(none.predictedCells, 0);
  EXPECT_EQ(none.matched, 0);
  EXPECT_DOUBLE_EQ(none.matchedFraction(), 0.0);
  cv::Mat some = blank();
  some(cv::Rect(1, 1, 3, 3)) = 1;
  const SegmentationScore missed = scoreSegmentation(some, blank());
  EXPECT_EQ(missed.trueCells, 1);
  EXPECT_EQ(missed.predictedCells, 0);
  EXPECT_EQ(missed.matched, 0);
  const SegmentationScore extra = scoreSegmentation(blank(), some);
  EXPECT_EQ(extra.trueCells, 0);
  EXPECT_EQ(extra.predictedCells, 1);
  EXPECT_EQ(extra.matched, 0);
}

TEST(ScoreSegmentation, IoUExactlyAtTheThresholdCounts) {
  cv::Mat truth = blank(), predicted = blank();
  truth(cv::Rect(0, 0, 5, 1)) = 1;      // 5 pixels
  predicted(cv::Rect(0, 0, 3, 1)) = 2;  // 3 of them: IoU 3/5 = 0.6
  SegmentationScore s = scoreSegmentation(truth, predicted, 0.6);
  EXPECT_EQ(s.matched, 1);
  EXPECT_NEAR(s.sumMatchedIoU, 0.6, 1e-12);
  predicted.at<int>(5, 5) = 2;  // one more predicted pixel: IoU 3/6
  EXPECT_EQ(scoreSegmentation(truth, predicted, 0.6).matched, 0);
  truth = blank();
  predicted = blank();
  truth(cv::Rect(0, 0, 10, 1)) = 1;     // 10 pixels
  predicted(cv::Rect(0, 0, 7, 1)) = 1;  // IoU 0.7 exactly
  EXPECT_EQ(scoreSegmentation(truth, predicted, 0.7).matched, 1);
}

TEST(ScoreSegmentation, MatchingIsOneToOne) {
  cv::Mat truth = blank(), predicted = blank();
  truth(cv::Rect(0, 0, 10, 10)) = 1;
  truth(cv::Rect(10, 0, 10, 10)) = 2;
  predicted(cv::Rect(0, 0, 20, 10)) = 5;  // one prediction over both: IoU 0.5 each
  SegmentationScore s = scoreSegmentation(truth, predicted, 0.3);
  EXPECT_EQ(s.trueCells, 2);
  EXPECT_EQ(s.matched, 1);  // not 2: a predicted cell matches one true cell
  EXPECT_NEAR(s.sumMatchedIoU, 0.5, 1e-12);
}

TEST(ScoreSegmentation, AddsUpAndRejectsMismatchedSizes) {
  SegmentationScore a, b;
  a.trueCells = 3;
  a.predictedCells = 4;
  a.matched = 2;
  a.sumMatchedIoU = 1.5;
  b.trueCells = 5;
  b.predictedCells = 5;
  b.matched = 5;
  b.sumMatchedIoU = 4.5;
  a += b;
  EXPECT_EQ(a.trueCells, 8);
  EXPECT_EQ(a.predictedCells, 9);
  EXPECT_EQ(a.matched, 7);
  EXPECT_DOUBLE_EQ(a.sumMatchedIoU, 6.0);
  EXPECT_DOUBLE_EQ(a.matchedFraction(), 7.0 / 8.0);
  EXPECT_DOUBLE_EQ(a.meanMatchedIoU(), 6.0 / 7.0);
  EXPECT_THROW(scoreSegmentation(blank(20, 20), blank(20, 21)), Error);
  EXPECT_THROW(scoreSegmentation(cv::Mat::zeros(20, 20, CV_32F), blank()), Error);
}

// --- configuration --------------------------------------------------------------------------

std::string loadError(const std::filesystem::path& file) {
  try {
    SegmentationConfig::load(file);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SegmentationConfig, RoundTripsThroughJson) {
  TempDir dir;
  SegmentationConfig c;
  c.workSize = 768;
  c.denoiseSigma = 1.5;
  c.nucleusThreshold = 0.8;
  c.nucleusMinArea = 55;
  c.nucleusSplit = 0.4;
  c.cellSigma = 0.5;
  c.cellThreshold = 0.7;
  c.boundarySigma = 5;
  c.cellMinArea = 222;
  c.removeBorderCells = true;
  c.save(dir / "seg.json");
  const SegmentationConfig d = SegmentationConfig::load(dir / "seg.json");
  EXPECT_EQ(d.workSize, 768);
  EXPECT_EQ(d.denoiseSigma, 1.5);
  EXPECT_EQ(d.nucleusThreshold, 0.8);
  EXPECT_EQ(d.nucleusMinArea, 55);
  EXPECT_EQ(d.nucleusSplit, 0.4);
  EXPECT_EQ(d.cellSigma, 0.5);
  EXPECT_EQ(d.cellThreshold, 0.7);
  EXPECT_EQ(d.boundarySigma, 5);
  EXPECT_EQ(d.cellMinArea, 222);
  EXPECT_TRUE(d.removeBorderCells);
  const std::string text = test::readBytes(dir / "seg.json");
  EXPECT_NE(text.find("\"nucleusSplit\""), std::string::npos);
}

TEST(SegmentationConfig, MissingKeysKeepTheDefaults) {
  TempDir dir;
  writeText(dir / "seg.json", R"({"cellThreshold": 0.9})");
  const SegmentationConfig c = SegmentationConfig::load(dir / "seg.json");
  const SegmentationConfig defaults;
  EXPECT_EQ(c.cellThreshold, 0.9);
  EXPECT_EQ(c.workSize, defaults.workSize);
  EXPECT_EQ(c.nucleusMinArea, defaults.nucleusMinArea);
  EXPECT_EQ(c.removeBorderCells, defaults.removeBorderCells);
  writeText(dir / "empty.json", "{}");
  EXPECT_EQ(SegmentationConfig::load(dir / "empty.json").workSize, defaults.workSize);
}

TEST(SegmentationConfig, UnknownKeyNamesTheFileAndTheKey) {
  TempDir dir;
  writeText(dir / "seg.json", R"({"workSize": 512, "nucleusTreshold": 1.0})");
  const std::string message = loadError(dir / "seg.json");
  EXPECT_NE(message.find((dir / "seg.json").string()), std::string::npos) << message;
  EXPECT_NE(message.find("nucleusTreshold"), std::string::npos) << message;
}

TEST(SegmentationConfig, BadValuesNameTheFileTheKeyAndTheRange) {
  TempDir dir;
  const auto file = dir / "seg.json";
  writeText(file, R"({"nucleusSplit": 1.5})");
  std::string message = loadError(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("nucleusSplit"), std::string::npos) << message;
  EXPECT_NE(message.find("0 to 0.95"), std::string::npos) << message;

  writeText(file, R"({"workSize": 10})");
  message = loadError(file);
  EXPECT_NE(message.find("workSize"), std::string::npos) << message;
  EXPECT_NE(message.find("32 to 16384"), std::string::npos) << message;

  writeText(file, R"({"workSize": 512.5})");
  EXPECT_NE(loadError(file).find("whole number"), std::string::npos);
  writeText(file, R"({"cellMinArea": "big"})");
  message = loadError(file);
  EXPECT_NE(message.find("cellMinArea"), std::string::npos) << message;
  writeText(file, R"({"removeBorderCells": 1})");
  EXPECT_NE(loadError(file).find("removeBorderCells"), std::string::npos);
  writeText(file, R"({"cellThreshold": -1})");
  EXPECT_NE(loadError(file).find("cellThreshold"), std::string::npos);
}

TEST(SegmentationConfig, UnreadableFilesNameTheFile) {
  TempDir dir;
  const auto file = dir / "seg.json";
  EXPECT_NE(loadError(file).find(file.string()), std::string::npos);  // missing
  writeText(file, R"({"workSize": 512,)");
  std::string message = loadError(file);
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find("JSON"), std::string::npos) << message;
  writeText(file, "[1, 2]");
  EXPECT_NE(loadError(file).find(file.string()), std::string::npos);
  EXPECT_THROW(SegmentationConfig{}.save(dir / "missing_folder" / "seg.json"), Error);
}

// --- segmentDataset: the job behind `cellcam segment` and the studio's dialog ---------------

/// Writes a small synthetic dataset (128 px) into `folder`.
void writeTinyDataset(const std::filesystem::path& folder, int train, int test) {
  SynthOptions synth;
  synth.out = folder;
  synth.trainImages = train;
  synth.testImages = test;
  synth.size = 128;
  synth.seed = 5;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(synth, progress, cancel);
}

/// Records every report.
class RecordingProgress final : public Progress {
 public:
  void report(const ProgressUpdate& update) override { updates.push_back(update); }
  std::vector<ProgressUpdate> updates;
};

std::string segmentDatasetError(const SegmentDatasetOptions& options) {
  NullProgress progress;
  CancelToken cancel;
  try {
    segmentDataset(options, progress, cancel);
  } catch (const Cancelled&) {
    return "cancelled";
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

std::size_t fileCount(const std::filesystem::path& folder) {
  std::error_code ec;
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    (void)entry;
    ++n;
  }
  return n;
}

TEST(SegmentDataset, WritesTheLabelsOfSegmentCellsAndScoresThem) {
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 2, 3);
  SegmentDatasetOptions options;
  options.data = data;
  options.eval = true;
  options.threads = 2;
  RecordingProgress progress;
  CancelToken cancel;
  const SegmentDatasetSummary s = segmentDataset(options, progress, cancel);

  EXPECT_EQ(s.images, 3);
  EXPECT_EQ(s.split, "test");
  EXPECT_FALSE(s.models);
  EXPECT_EQ(s.out, data / "segmentation");
  EXPECT_GE(s.seconds, 0.0);
  ASSERT_EQ(s.results.size(), 3u);
  ASSERT_FALSE(progress.updates.empty());
  EXPECT_DOUBLE_EQ(progress.updates.back().fraction, 1.0);

  // Each label file equals segmentCells() of the same image; the summary adds up.
  const Dataset dataset = Dataset::open(data);
  SegmentationScore sum;
  long long cells = 0;
  std::size_t k = 0;
  for (const ImageRecord& record : dataset.images()) {
    if (record.split != Split::Test) continue;
    ASSERT_LT(k, s.results.size());
    const SegmentedImage& r = s.results[k++];
    EXPECT_EQ(r.id, record.id);
    const cv::Mat expected = segmentCells(readChannels(dataset, record));
    const cv::Mat written = readLabelImage(s.out / (record.id + ".png"));
    ASSERT_EQ(written.size(), expected.size()) << record.id;
    EXPECT_EQ(cv::countNonZero(written != expected), 0) << record.id;
    double maxLabel = 0;
    cv::minMaxLoc(expected, nullptr, &maxLabel);
    EXPECT_EQ(r.cells, static_cast<int>(maxLabel));
    EXPECT_GT(r.cells, 0) << record.id;
    cells += r.cells;
    ASSERT_TRUE(r.score.has_value()) << record.id;
    const SegmentationScore score =
        scoreSegmentation(readLabelImage(data / "test_masks" / (record.id + ".png")), expected);
    EXPECT_EQ(r.score->trueCells, score.trueCells);
    EXPECT_EQ(r.score->matched, score.matched);
    EXPECT_DOUBLE_EQ(r.score->sumMatchedIoU, score.sumMatchedIoU);
    sum += score;
  }
  EXPECT_EQ(k, 3u);
  EXPECT_EQ(s.cells, cells);
  EXPECT_EQ(fileCount(s.out), 3u);  // the label images and nothing else
  ASSERT_TRUE(s.score.has_value());
  EXPECT_EQ(s.evaluatedImages, 3);
  EXPECT_EQ(s.score->trueCells, sum.trueCells);
  EXPECT_EQ(s.score->predictedCells, cells);
  EXPECT_EQ(s.score->matched, sum.matched);
  EXPECT_GE(s.score->matchedFraction(), 0.5);
}

TEST(SegmentDataset, AllSplitsIntoAnOutFolderEvaluatesOnlyTestImages) {
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 2, 2);
  SegmentDatasetOptions options;
  options.data = data;
  options.split = "all";
  options.out = dir / "out" / "labels";
  options.eval = true;
  options.threads = 1;
  NullProgress progress;
  CancelToken cancel;
  const SegmentDatasetSummary s = segmentDataset(options, progress, cancel);
  EXPECT_EQ(s.images, 4);
  EXPECT_EQ(s.out, options.out);
  EXPECT_EQ(fileCount(options.out), 4u);
  EXPECT_EQ(s.evaluatedImages, 2);
  const Dataset dataset = Dataset::open(data);
  for (std::size_t i = 0; i < s.results.size(); ++i) {
    EXPECT_EQ(s.results[i].score.has_value(), dataset.images()[i].split == Split::Test);
    EXPECT_TRUE(std::filesystem::is_regular_file(options.out / (s.results[i].id + ".png")));
  }
  EXPECT_FALSE(std::filesystem::exists(data / "segmentation"));

  // Without eval there is no score; a settings file replaces the config.
  writeText(dir / "seg.json", R"({"removeBorderCells": true})");
  options.eval = false;
  options.split = "train";
  options.configFile = dir / "seg.json";
  options.out = dir / "train-labels";
  const SegmentDatasetSummary t = segmentDataset(options, progress, cancel);
  EXPECT_EQ(t.images, 2);
  EXPECT_FALSE(t.score.has_value());
  SegmentationConfig noBorder;
  noBorder.removeBorderCells = true;
  const ImageRecord* train = nullptr;
  for (const ImageRecord& r : dataset.images())
    if (r.split == Split::Train && !train) train = &r;
  ASSERT_NE(train, nullptr);
  const cv::Mat expected = segmentCells(readChannels(dataset, *train), noBorder);
  const cv::Mat written = readLabelImage(options.out / (train->id + ".png"));
  EXPECT_EQ(cv::countNonZero(written != expected), 0);
}

TEST(SegmentDataset, ACancelBeforeTheStartThrowsCancelledAndWritesNothing) {
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 1, 2);
  SegmentDatasetOptions options;
  options.data = data;
  NullProgress progress;
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(segmentDataset(options, progress, cancel), Cancelled);
  EXPECT_FALSE(std::filesystem::exists(data / "segmentation"));
}

TEST(SegmentDataset, EvalWithoutTestMasksNamesTheFolder) {
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 1, 2);
  std::filesystem::remove_all(data / "test_masks");
  SegmentDatasetOptions options;
  options.data = data;
  options.eval = true;
  const std::string message = segmentDatasetError(options);
  EXPECT_NE(message.find((data / "test_masks").string() + ": folder not found"), std::string::npos)
      << message;
  EXPECT_NE(message.find("run without --eval"), std::string::npos) << message;
  EXPECT_FALSE(std::filesystem::exists(data / "segmentation"));
}

TEST(SegmentDataset, RejectsBadOptionsBeforeWritingAnything) {
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 1, 1);
  SegmentDatasetOptions options;
  options.data = data;

  SegmentDatasetOptions o = options;
  o.nucleiModel = dir / "n.pt";
  std::string message = segmentDatasetError(o);
  EXPECT_EQ(message,
            "--nuclei-model and --cell-model go together, but only --nuclei-model was given; "
            "pass both model files, or neither for the built-in segmenter.");
  o = options;
  o.cellModel = dir / "c.pt";
  EXPECT_NE(segmentDatasetError(o).find("but only --cell-model was given"), std::string::npos);
  o = options;
  o.split = "train";
  o.eval = true;
  EXPECT_EQ(segmentDatasetError(o),
            "--eval compares test images with test_masks/{ID}.png, but --split train selects "
            "none; use --split test or --split all.");
  o = options;
  o.split = "valid";
  EXPECT_NE(segmentDatasetError(o).find("valid"), std::string::npos);
  o = options;
  o.data = dir / "missing";
  EXPECT_NE(segmentDatasetError(o).find((dir / "missing").string()), std::string::npos);
  o = options;
  o.configFile = dir / "bad.json";
  writeText(o.configFile, R"({"cellTreshold": 0.6})");
  message = segmentDatasetError(o);
  EXPECT_NE(message.find("bad.json"), std::string::npos) << message;
  EXPECT_NE(message.find("cellTreshold"), std::string::npos) << message;
  o = options;
  o.config.workSize = 5;
  EXPECT_NE(segmentDatasetError(o).find("workSize"), std::string::npos);
  o = options;
  o.out = dir / "a-file";
  writeText(o.out, "x");
  EXPECT_EQ(segmentDatasetError(o),
            fileMessage(o.out, "exists and is not a folder", "choose another --out folder"));
  o.out = dir / "a-file" / "below";
  EXPECT_NE(segmentDatasetError(o).find((dir / "a-file" / "below").string()), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(data / "segmentation"));

  // Model files that do not exist are named when the job loads them.
  o = options;
  o.nucleiModel = dir / "n.pt";
  o.cellModel = dir / "c.pt";
  EXPECT_NE(segmentDatasetError(o).find((dir / "n.pt").string()), std::string::npos);
}

TEST(SegmentDataset, ModelsGiveTheLabelsOfATorchSegmenterOnEveryWorker) {
  const char* models = std::getenv("CELLCAM_SEG_MODELS");
  ASSERT_NE(models, nullptr) << "run with ctest (fixture core.make_seg_models)";
  const std::filesystem::path dirModels(models);
  TempDir dir;
  const auto data = dir / "ds";
  writeTinyDataset(data, 1, 3);
  SegmentDatasetOptions options;
  options.data = data;
  options.nucleiModel = dirModels / "nuclei.pt";
  options.cellModel = dirModels / "cells.pt";
  options.threads = 2;  // one TorchSegmenter per worker
  options.eval = true;
  NullProgress progress;
  CancelToken cancel;
  const SegmentDatasetSummary s = segmentDataset(options, progress, cancel);
  EXPECT_TRUE(s.models);
  EXPECT_EQ(s.images, 3);
  ASSERT_TRUE(s.score.has_value());
  EXPECT_GE(s.score->matchedFraction(), 0.5);
  TorchSegmenter segmenter(options.nucleiModel, options.cellModel);
  const Dataset dataset = Dataset::open(data);
  for (const SegmentedImage& r : s.results) {
    const ImageRecord* record = nullptr;
    for (const ImageRecord& image : dataset.images())
      if (image.id == r.id) record = &image;
    ASSERT_NE(record, nullptr) << r.id;
    const cv::Mat expected = segmenter.segment(readChannels(dataset, *record));
    const cv::Mat written = readLabelImage(s.out / (r.id + ".png"));
    EXPECT_EQ(cv::countNonZero(written != expected), 0) << r.id;
  }
}

}  // namespace
}  // namespace cellcam
