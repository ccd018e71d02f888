// computeCellScores against a direct per-cell computation (a masked full-image sum per cell).
#include <map>
#include <random>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/cell_scores.h"
#include "cellcam/error.h"

#include <gtest/gtest.h>

namespace cellcam {
namespace {

std::vector<cv::Mat> randomCams(int classes, cv::Size size, unsigned seed) {
  cv::RNG rng(seed);
  std::vector<cv::Mat> cams;
  for (int c = 0; c < classes; ++c) {
    cv::Mat cam(size, CV_32FC1);
    rng.fill(cam, cv::RNG::UNIFORM, -0.3, 5.0);
    cams.push_back(cam);
  }
  return cams;
}

std::vector<float> randomProbabilities(int classes, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> p(static_cast<size_t>(classes));
  for (float& v : p) v = u(gen);
  return p;
}

/// Random blocky labels of type `type` with the given ids (and background).
cv::Mat randomLabels(cv::Size size, int type, const std::vector<int>& ids, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<size_t> pick(0, ids.size());  // ids.size() = background
  cv::Mat small(size.height / 4 + 1, size.width / 4 + 1, CV_32SC1);
  for (int y = 0; y < small.rows; ++y)
    for (int x = 0; x < small.cols; ++x) {
      const size_t k = pick(gen);
      small.at<int>(y, x) = k == ids.size() ? 0 : ids[k];
    }
  cv::Mat labels;
  cv::resize(small, labels, size, 0, 0, cv::INTER_NEAREST);
  labels.convertTo(labels, type);
  return labels;
}

/// The slow reference: for each cell, sum(mask * CAM_c) * p_c over full images.
CellScores directScores(const std::vector<cv::Mat>& cams, const std::vector<float>& p,
                        const cv::Mat& labels) {
  cv::Mat resized;
  cv::resize(labels, resized, cams[0].size(), 0, 0, cv::INTER_NEAREST);
  cv::Mat labels32;
  labels.convertTo(labels32, CV_32S);
  resized.convertTo(resized, CV_32S);
  std::map<int, bool> present;
  for (int y = 0; y < labels32.rows; ++y)
    for (int x = 0; x < labels32.cols; ++x)
      if (labels32.at<int>(y, x) != 0) present[labels32.at<int>(y, x)] = true;
  CellScores s;
  s.numClasses = static_cast<int>(cams.size());
  for (const auto& [id, unused] : present) {
    s.cellIds.push_back(id);
    cv::Mat mask = resized == id;
    s.pixels.push_back(cv::countNonZero(mask));
    for (size_t c = 0; c < cams.size(); ++c) {
      cv::Mat maskF;
      mask.convertTo(maskF, CV_32F, 1.0 / 255.0);
      s.scores.push_back(cv::sum(cams[c].mul(maskF))[0] * static_cast<double>(p[c]));
    }
  }
  return s;
}

void expectSame(const CellScores& actual, const CellScores& expected) {
  ASSERT_EQ(actual.numClasses, expected.numClasses);
  ASSERT_EQ(actual.cellIds, expected.cellIds);
  ASSERT_EQ(actual.pixels, expected.pixels);
  ASSERT_EQ(actual.scores.size(), expected.scores.size());
  for (size_t i = 0; i < actual.scores.size(); ++i)
    EXPECT_NEAR(actual.scores[i], expected.scores[i], 1e-6 * (1.0 + std::abs(expected.scores[i])))
        << "score " << i;
}

TEST(CellScores, MatchesDirectComputationAtCamSize) {
  const cv::Size size(64, 48);
  const auto cams = randomCams(19, size, 1);
  const auto p = randomProbabilities(19, 2);
  const cv::Mat labels = randomLabels(size, CV_32S, {1, 2, 3, 4, 5, 6, 7}, 3);
  const CellScores s = computeCellScores(cams, p, labels);
  expectSame(s, directScores(cams, p, labels));
  EXPECT_EQ(s.numCells(), 7);
  EXPECT_EQ(s.vanishedCells(), 0);
}

TEST(CellScores, LargerLabelImageIsResizedByNearestNeighbour) {
  const cv::Size camSize(40, 40);
  const auto cams = randomCams(19, camSize, 4);
  const auto p = randomProbabilities(19, 5);
  const cv::Mat labels = randomLabels(cv::Size(173, 161), CV_32S, {3, 9, 12, 40, 41}, 6);
  expectSame(computeCellScores(cams, p, labels), directScores(cams, p, labels));
}

TEST(CellScores, NonContiguousIdsIn16BitLabels) {
  const cv::Size camSize(50, 30);
  const auto cams = randomCams(5, camSize, 7);
  const auto p = randomProbabilities(5, 8);
  const cv::Mat labels = randomLabels(cv::Size(100, 60), CV_16U, {2, 700, 65535, 31}, 9);
  ASSERT_EQ(labels.type(), CV_16UC1);
  const CellScores s = computeCellScores(cams, p, labels);
  expectSame(s, directScores(cams, p, labels));
  EXPECT_EQ(s.cellIds, (std::vector<int>{2, 31, 700, 65535}));
}

TEST(CellScores, HugeIdsIn32BitLabelsUseSortedLookup) {
  const cv::Size camSize(32, 32);
  const auto cams = randomCams(19, camSize, 10);
  const auto p = randomProbabilities(19, 11);
  const cv::Mat labels =
      randomLabels(cv::Size(64, 64), CV_32S, {5, 2000000, 1999999, 2147483647}, 12);
  const CellScores s = computeCellScores(cams, p, labels);
  expectSame(s, directScores(cams, p, labels));
  EXPECT_EQ(s.cellIds, (std::vector<int>{5, 1999999, 2000000, 2147483647}));
}

TEST(CellScores, LabelAndCamRoisAreHandled) {
  const auto camsFull = randomCams(3, cv::Size(30, 30), 13);
  std::vector<cv::Mat> cams;
  for (const cv::Mat& c : camsFull) cams.push_back(c(cv::Rect(5, 5, 20, 20)));
  const auto p = randomProbabilities(3, 14);
  const cv::Mat labelsFull = randomLabels(cv::Size(50, 50), CV_32S, {1, 2, 3}, 15);
  const cv::Mat labels = labelsFull(cv::Rect(3, 3, 40, 40));
  expectSame(computeCellScores(cams, p, labels), directScores(cams, p, labels));
}

TEST(CellScores, VanishedCellsKeepARowWithZeroScores) {
  const auto cams = randomCams(4, cv::Size(10, 10), 16);
  const std::vector<float> p{1.f, 0.5f, 0.25f, 1.f};
  cv::Mat labels(100, 100, CV_32SC1, cv::Scalar(0));
  labels(cv::Rect(0, 0, 50, 50)).setTo(7);
  labels.at<int>(51, 51) = 9;  // One pixel: not picked at 10x10 (rows/cols 0, 10, 20, ...).
  const CellScores s = computeCellScores(cams, p, labels);
  ASSERT_EQ(s.cellIds, (std::vector<int>{7, 9}));
  EXPECT_EQ(s.pixels[0], 25);
  EXPECT_EQ(s.pixels[1], 0);
  EXPECT_EQ(s.vanishedCells(), 1);
  for (int c = 0; c < 4; ++c) EXPECT_EQ(s.score(1, c), 0.0);
  expectSame(s, directScores(cams, p, labels));
}

TEST(CellScores, HandValues) {
  std::vector<cv::Mat> cams{(cv::Mat_<float>(2, 2) << 1, 2, 3, 4),
                            (cv::Mat_<float>(2, 2) << 10, 20, 30, 40)};
  const cv::Mat labels = (cv::Mat_<int>(2, 2) << 5, 5, 0, 8);
  const CellScores s = computeCellScores(cams, {0.5f, 0.1f}, labels);
  ASSERT_EQ(s.cellIds, (std::vector<int>{5, 8}));
  EXPECT_DOUBLE_EQ(s.score(0, 0), 1.5);
  EXPECT_NEAR(s.score(0, 1), 3.0, 1e-6);
  EXPECT_DOUBLE_EQ(s.score(1, 0), 2.0);
  EXPECT_NEAR(s.score(1, 1), 4.0, 1e-6);
  EXPECT_EQ(s.pixels, (std::vector<long long>{2, 1}));
}

TEST(CellScores, EmptyLabelImageGivesNoCells) {
  const auto cams = randomCams(19, cv::Size(8, 8), 17);
  const auto p = randomProbabilities(19, 18);
  for (const cv::Mat& labels : {cv::Mat(), cv::Mat(16, 16, CV_32SC1, cv::Scalar(0)),
                                cv::Mat(16, 16, CV_16UC1, cv::Scalar(0))}) {
    const CellScores s = computeCellScores(cams, p, labels);
    EXPECT_EQ(s.numCells(), 0);
    EXPECT_EQ(s.numClasses, 19);
    EXPECT_TRUE(s.scores.empty());
    EXPECT_TRUE(s.pixels.empty());
  }
}

TEST(CellScores, BadInputsThrow) {
  const auto cams = randomCams(3, cv::Size(8, 8), 19);
  const std::vector<float> p{0.1f, 0.2f, 0.3f};
  const cv::Mat labels(8, 8, CV_32SC1, cv::Scalar(1));
  EXPECT_THROW(computeCellScores({}, {}, labels), Error);
  EXPECT_THROW(computeCellScores(cams, {0.1f}, labels), Error);
  auto mixed = cams;
  mixed[1] = cv::Mat(4, 4, CV_32FC1, cv::Scalar(0));
  EXPECT_THROW(computeCellScores(mixed, p, labels), Error);
  auto doubles = cams;
  doubles[2].convertTo(doubles[2], CV_64F);
  EXPECT_THROW(computeCellScores(doubles, p, labels), Error);
  EXPECT_THROW(computeCellScores(cams, p, cv::Mat(8, 8, CV_8UC1, cv::Scalar(1))), Error);
  EXPECT_THROW(computeCellScores(cams, p, cv::Mat(8, 8, CV_32SC1, cv::Scalar(-2))), Error);
}

}  // namespace
}  // namespace cellcam
