// TorchSegmenter with small analytic TorchScript models written by make_seg_models.py; ctest
// runs that script first (fixture seg_models) and passes its folder in CELLCAM_SEG_MODELS.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include <opencv2/core.hpp>

#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

#include <gtest/gtest.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;

ChannelImage channelsOf(const SynthImage& s) { return {s.red, s.green, s.blue, s.yellow}; }

ChannelImage crop(const ChannelImage& image, const cv::Rect& box) {
  return {image.red(box).clone(), image.green(box).clone(), image.blue(box).clone(),
          image.yellow.empty() ? cv::Mat() : image.yellow(box).clone()};
}

/// Checks the output format: CV_32S, the given size, labels exactly 1..N (no gaps).
void expectLabelImage(const cv::Mat& labels, cv::Size size) {
  ASSERT_EQ(labels.type(), CV_32S);
  ASSERT_EQ(labels.size(), size);
  std::set<int> ids;
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x) ids.insert(labels.at<int>(y, x));
  ids.erase(0);
  ASSERT_FALSE(ids.empty()) << "no cells found";
  EXPECT_EQ(*ids.begin(), 1);
  EXPECT_EQ(*ids.rbegin(), static_cast<int>(ids.size())) << "labels are not 1..N";
}

/// Expects `fn` to throw cellcam::Error whose message contains every one of `parts`.
template <typename Fn>
void expectError(Fn&& fn, std::initializer_list<std::string> parts) {
  try {
    fn();
    ADD_FAILURE() << "no cellcam::Error thrown";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const auto& part : parts)
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" lacks \"" << part << "\"";
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
  }
}

class TorchSegmenterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = std::getenv("CELLCAM_SEG_MODELS");
    ASSERT_NE(dir, nullptr)
        << "CELLCAM_SEG_MODELS is not set: run these tests with ctest (fixture "
           "core.make_seg_models), or run '/usr/bin/python3 tests/core/make_seg_models.py DIR' "
           "and set CELLCAM_SEG_MODELS=DIR";
    dir_ = dir;
    ASSERT_TRUE(fs::exists(dir_ / "nuclei.pt") && fs::exists(dir_ / "cells.pt"))
        << "CELLCAM_SEG_MODELS=" << dir_ << " lacks the models of make_seg_models.py";
  }
  fs::path model(const std::string& name) const { return dir_ / name; }

  fs::path dir_;
};

TEST_F(TorchSegmenterTest, SegmentsSyntheticImagesLikeTheTruth) {
  TorchSegmenter segmenter(model("nuclei.pt"), model("cells.pt"));
  SegmentationScore total;
  double seconds = 0;
  const int images = 6;
  for (int seed = 1; seed <= images; ++seed) {
    const SynthImage s = synthesizeImage(512, static_cast<std::uint64_t>(seed), seed % 3 == 0);
    const auto start = std::chrono::steady_clock::now();
    const cv::Mat labels = segmenter.segment(channelsOf(s));
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    expectLabelImage(labels, s.labels.size());
    const SegmentationScore score = scoreSegmentation(s.labels, labels);
    EXPECT_GE(score.matchedFraction(), 0.6) << "seed " << seed << ": " << score.matched << " of "
                                            << score.trueCells << " cells matched";
    total += score;
  }
  std::cout << "[ info     ] matched " << total.matched << " of " << total.trueCells
            << " true cells (" << total.matchedFraction() << "), " << total.predictedCells
            << " predicted, mean IoU " << total.meanMatchedIoU() << ", " << 1000 * seconds / images
            << " ms per 512 px image\n";
  EXPECT_GE(total.matchedFraction(), 0.7);
  EXPECT_GE(total.meanMatchedIoU(), 0.75);
}

TEST_F(TorchSegmenterTest, ResizesLowResolutionOutputsBack) {
  TorchSegmenter segmenter(model("nuclei.pt"), model("cells_half.pt"));
  SegmentationScore total;
  for (int seed = 11; seed <= 13; ++seed) {
    const SynthImage s = synthesizeImage(512, static_cast<std::uint64_t>(seed), false);
    const cv::Mat labels = segmenter.segment(channelsOf(s));
    expectLabelImage(labels, s.labels.size());
    total += scoreSegmentation(s.labels, labels);
  }
  EXPECT_GE(total.matchedFraction(), 0.7) << total.matched << " of " << total.trueCells;
}

TEST_F(TorchSegmenterTest, WorksWithoutYellow) {
  TorchSegmenter segmenter(model("nuclei.pt"), model("cells.pt"));
  SegmentationScore total;
  for (int seed = 21; seed <= 23; ++seed) {
    const SynthImage s = synthesizeImage(512, static_cast<std::uint64_t>(seed), false);
    ChannelImage image = channelsOf(s);
    image.yellow = cv::Mat();
    const cv::Mat labels = segmenter.segment(image);
    expectLabelImage(labels, s.labels.size());
    total += scoreSegmentation(s.labels, labels);
  }
  EXPECT_GE(total.matchedFraction(), 0.5) << total.matched << " of " << total.trueCells;
}

TEST_F(TorchSegmenterTest, KeepsSizeForAnyShapeAndWorkSize) {
  const SynthImage s = synthesizeImage(400, 31, false);
  const cv::Rect box(0, 0, 400, 290);  // not square, not a multiple of 32
  const ChannelImage image = crop(channelsOf(s), box);
  const cv::Mat truth = s.labels(box).clone();
  for (int workSize : {0, 256, 512}) {
    SegmentationConfig config;
    config.workSize = workSize;
    // The minimum areas are in working pixels.
    const double f = workSize ? double(workSize) / 400.0 : 1.0;
    config.nucleusMinArea *= f * f;
    config.cellMinArea *= f * f;
    TorchSegmenter segmenter(model("nuclei.pt"), model("cells.pt"), config);
    const cv::Mat labels = segmenter.segment(image);
    expectLabelImage(labels, box.size());
    const SegmentationScore score = scoreSegmentation(truth, labels);
    EXPECT_GE(score.matchedFraction(), 0.6)
        << "workSize " << workSize << ": " << score.matched << " of " << score.trueCells;
  }
}

TEST_F(TorchSegmenterTest, RemovesBorderCellsWhenAsked) {
  const SynthImage s = synthesizeImage(384, 41, false);
  SegmentationConfig config;
  config.workSize = 0;
  const cv::Mat all =
      TorchSegmenter(model("nuclei.pt"), model("cells.pt"), config).segment(channelsOf(s));
  config.removeBorderCells = true;
  const cv::Mat inner =
      TorchSegmenter(model("nuclei.pt"), model("cells.pt"), config).segment(channelsOf(s));
  expectLabelImage(inner, s.labels.size());
  double maxAll = 0, maxInner = 0;
  cv::minMaxLoc(all, nullptr, &maxAll);
  cv::minMaxLoc(inner, nullptr, &maxInner);
  EXPECT_LT(maxInner, maxAll);
  const int last = inner.rows - 1;
  for (int i = 0; i < inner.cols; ++i) {
    ASSERT_EQ(inner.at<int>(0, i), 0);
    ASSERT_EQ(inner.at<int>(last, i), 0);
    ASSERT_EQ(inner.at<int>(i, 0), 0);
    ASSERT_EQ(inner.at<int>(i, last), 0);
  }
}

TEST_F(TorchSegmenterTest, MovedSegmenterWorks) {
  TorchSegmenter first(model("nuclei.pt"), model("cells.pt"));
  TorchSegmenter second(std::move(first));
  TorchSegmenter third(model("nuclei.pt"), model("cells.pt"));
  third = std::move(second);
  const SynthImage s = synthesizeImage(256, 51, true);
  expectLabelImage(third.segment(channelsOf(s)), s.labels.size());
}

TEST_F(TorchSegmenterTest, MissingModelNamesTheFile) {
  const fs::path missing = dir_ / "no_such_model.pt";
  expectError([&] { TorchSegmenter(missing, model("cells.pt")); },
              {missing.string(), "nuclei", "does not exist"});
  expectError([&] { TorchSegmenter(model("nuclei.pt"), missing); },
              {missing.string(), "cell", "does not exist"});
  expectError([&] { TorchSegmenter(dir_, model("cells.pt")); }, {dir_.string(), "not a"});
}

TEST_F(TorchSegmenterTest, NonTorchScriptFileNamesTheFile) {
  const fs::path bad = model("not_torchscript.pt");
  expectError([&] { TorchSegmenter(bad, model("cells.pt")); },
              {bad.string(), "not a TorchScript archive", "torch.jit.save"});
  expectError([&] { TorchSegmenter(model("nuclei.pt"), bad); },
              {bad.string(), "cell segmentation model", "not a TorchScript archive"});
}

TEST_F(TorchSegmenterTest, WrongOutputShapeNamesTheFile) {
  const fs::path bad = model("bad_shape.pt");
  expectError([&] { TorchSegmenter(bad, model("cells.pt")); },
              {bad.string(), "nuclei", "[1,2,64,64]", "[1,3,h,w]"});
  expectError([&] { TorchSegmenter(model("nuclei.pt"), bad); },
              {bad.string(), "cell", "[1,2,64,64]"});
}

TEST_F(TorchSegmenterTest, OtherContractBreachesNameTheFile) {
  const fs::path tuple = model("tuple_output.pt");
  expectError([&] { TorchSegmenter(tuple, model("cells.pt")); },
              {tuple.string(), "nuclei", "instead of one tensor"});
  const fs::path failing = model("four_channels.pt");
  expectError([&] { TorchSegmenter(model("nuclei.pt"), failing); },
              {failing.string(), "cell segmentation model failed", "1x3x64x64"});
}

TEST_F(TorchSegmenterTest, RejectsBadImages) {
  TorchSegmenter segmenter(model("nuclei.pt"), model("cells.pt"));
  const SynthImage s = synthesizeImage(64, 61, false);
  ChannelImage image = channelsOf(s);
  image.blue = cv::Mat();
  EXPECT_THROW(segmenter.segment(image), Error);
  image = channelsOf(s);
  image.yellow = cv::Mat::zeros(32, 32, CV_8U);
  EXPECT_THROW(segmenter.segment(image), Error);
  image = channelsOf(s);
  image.blue.convertTo(image.blue, CV_32F);
  EXPECT_THROW(segmenter.segment(image), Error);
}

}  // namespace
}  // namespace cellcam
