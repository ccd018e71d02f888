#include <opencv2/core.hpp>

#include "cellcam/error.h"
#include "cellcam/metric.h"
#include "cellcam/oid_mask.h"

#include <gtest/gtest.h>

namespace cellcam {
namespace {

constexpr int kSize = 10;

/// OID text of a 10x10 mask with the rectangle [x0, x1) x [y0, y1) set.
std::string rect(int x0, int y0, int x1, int y1) {
  cv::Mat m = cv::Mat::zeros(kSize, kSize, CV_8U);
  m(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(255);
  return encodeOidMask(m);
}

SubmissionRow row(const std::string& id, std::vector<Instance> instances) {
  return SubmissionRow{id, kSize, kSize, std::move(instances)};
}

TEST(AveragePrecision, HandComputed) {
  // Ranked hits T F T with 2 true instances: precision 1, 1/2, 2/3 -> made non-increasing
  // 1, 2/3, 2/3; recall steps 1/2 (at precision 1) and 1/2 (at 2/3): AP = 1/2 + 1/3.
  EXPECT_NEAR(averagePrecision({0.9, 0.8, 0.7}, {true, false, true}, 2), 0.5 + 1.0 / 3, 1e-12);
  // The same with a third instance never found: recall steps of 1/3.
  EXPECT_NEAR(averagePrecision({0.9, 0.8, 0.7}, {true, false, true}, 3), 1.0 / 3 + 2.0 / 9, 1e-12);
  // Ranking is by confidence, not by input order.
  EXPECT_NEAR(averagePrecision({0.7, 0.8, 0.9}, {true, false, true}, 2), 0.5 + 1.0 / 3, 1e-12);
  // A false positive ranked first: precision 0, 1/2, 2/3 -> 2/3, 2/3, 2/3.
  EXPECT_NEAR(averagePrecision({0.95, 0.9, 0.7}, {false, true, true}, 2), 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(averagePrecision({}, {}, 4), 0.0);
  EXPECT_DOUBLE_EQ(averagePrecision({0.5}, {true}, 1), 1.0);
  EXPECT_TRUE(std::isnan(averagePrecision({0.5}, {false}, 0)));
}

TEST(Metric, PerfectPredictionScoresOne) {
  Submission truth{{row("a", {{0, 1, rect(0, 0, 5, 5)}, {3, 1, rect(5, 5, 10, 10)}})}};
  const MetricResult r = evaluateSubmission(truth, truth);
  EXPECT_DOUBLE_EQ(r.mAP, 1.0);
  EXPECT_EQ(r.classesScored, 2);
  EXPECT_EQ(r.perClass[3].truePositives, 1);
}

TEST(Metric, RanksAcrossImagesAndCountsMissesAndDuplicates) {
  const std::string a = rect(0, 0, 5, 5), b = rect(5, 5, 10, 10), far = rect(5, 0, 10, 5);
  Submission truth{{row("i1", {{2, 1, a}}), row("i2", {{2, 1, b}})}};
  // i1: a at 0.9 (hit), a again at 0.85 (duplicate: false positive); i2: far at 0.8 (miss),
  // b at 0.7 (hit). Ranked: T F F T with 2 instances: precision 1, 1/2, 1/3, 1/2 -> non-
  // increasing 1, 1/2, 1/2, 1/2; AP = 1/2 * 1 + 1/2 * 1/2 = 0.75.
  Submission predicted{
      {row("i1", {{2, 0.9, a}, {2, 0.85, a}}), row("i2", {{2, 0.8, far}, {2, 0.7, b}})}};
  const MetricResult r = evaluateSubmission(truth, predicted);
  EXPECT_NEAR(r.perClass[2].ap, 0.75, 1e-12);
  EXPECT_EQ(r.perClass[2].predictions, 4);
  EXPECT_EQ(r.perClass[2].truePositives, 2);
  EXPECT_NEAR(r.mAP, 0.75, 1e-12);
}

TEST(Metric, IoUThresholdIsInclusive) {
  // True cell: 2 columns x 5 rows = 10 pixels. Prediction covering 6 of them: IoU 0.6 (hit);
  // the same plus one extra pixel: IoU 6/11 (miss).
  const std::string cell = rect(0, 0, 2, 5);
  cv::Mat six = cv::Mat::zeros(kSize, kSize, CV_8U);
  six(cv::Rect(0, 0, 2, 3)).setTo(255);
  cv::Mat seven = six.clone();
  seven.at<unsigned char>(9, 9) = 255;
  Submission truth{{row("a", {{7, 1, cell}})}};
  EXPECT_DOUBLE_EQ(evaluateSubmission(truth, {{row("a", {{7, 0.5, encodeOidMask(six)}})}}).mAP,
                   1.0);
  EXPECT_DOUBLE_EQ(evaluateSubmission(truth, {{row("a", {{7, 0.5, encodeOidMask(seven)}})}}).mAP,
                   0.0);
  EXPECT_DOUBLE_EQ(
      evaluateSubmission(truth, {{row("a", {{7, 0.5, encodeOidMask(seven)}})}}, 0.5).mAP, 1.0);
}

TEST(Metric, WrongClassDoesNotMatchAndClassesWithoutTruthAreSkipped) {
  const std::string a = rect(0, 0, 5, 5);
  Submission truth{{row("a", {{0, 1, a}})}};
  // Class 5 has no truth: its prediction does not count; class 0 is missed entirely.
  const MetricResult r = evaluateSubmission(truth, {{row("a", {{5, 0.9, a}})}});
  EXPECT_EQ(r.classesScored, 1);
  EXPECT_DOUBLE_EQ(r.perClass[0].ap, 0.0);
  EXPECT_EQ(r.perClass[5].predictions, 1);
  EXPECT_DOUBLE_EQ(r.mAP, 0.0);
}

TEST(Metric, MeanIsOverClassesWithTruth) {
  const std::string a = rect(0, 0, 5, 5), b = rect(5, 5, 10, 10);
  Submission truth{{row("a", {{0, 1, a}, {1, 1, b}})}};
  const MetricResult r = evaluateSubmission(truth, {{row("a", {{0, 0.9, a}})}});
  EXPECT_DOUBLE_EQ(r.perClass[0].ap, 1.0);
  EXPECT_DOUBLE_EQ(r.perClass[1].ap, 0.0);
  EXPECT_DOUBLE_EQ(r.mAP, 0.5);
}

TEST(Metric, RejectsUnknownImagesSizeMismatchAndBadMasks) {
  Submission truth{{row("a", {{0, 1, rect(0, 0, 5, 5)}})}};
  EXPECT_THROW(evaluateSubmission(truth, {{row("zzz", {})}}), Error);
  SubmissionRow wide = row("a", {});
  wide.width = 11;
  EXPECT_THROW(evaluateSubmission(truth, {{wide}}), Error);
  try {
    evaluateSubmission(truth, {{row("a", {{0, 0.5, "notbase64!"}})}});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("predicted image a"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cellcam
