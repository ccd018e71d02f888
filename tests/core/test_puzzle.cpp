// Puzzle-CAM pieces (tiles, losses, alpha ramp) and the validation metrics (ROC AUC, AP).
#include <cmath>
#include <vector>

#include <ATen/ops/allclose.h>
#include <ATen/ops/arange.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/tensor.h>
#include <ATen/ops/zeros.h>

#include "cellcam/error.h"

#include "train/metrics.h"
#include "train/puzzle.h"
#include <gtest/gtest.h>

namespace cellcam::train {
namespace {

torch::Tensor matrix(std::vector<double> values, int64_t rows, int64_t cols) {
  return at::tensor(values, torch::kDouble).reshape({rows, cols});
}

TEST(Puzzle, TileAndMergeAreExactInverses) {
  const torch::Tensor x = at::randn({3, 4, 8, 12});
  for (int k : {1, 2, 4}) {
    const torch::Tensor tiles = tileImages(x, k);
    EXPECT_EQ(tiles.sizes(), (std::vector<int64_t>{3 * k * k, 4, 8 / k, 12 / k}));
    EXPECT_TRUE(at::equal(mergeTiles(tiles, k), x)) << "k = " << k;
  }
}

TEST(Puzzle, TilesAreTileMajorInReadingOrder) {
  // Two 1-channel 4x4 images with values 0..31: tile (row r, column c) of image n sits at
  // index (r * 2 + c) * N + n, as Puzzle-CAM's tile_features.
  const torch::Tensor x = at::arange(32, torch::kFloat).reshape({2, 1, 4, 4});
  const torch::Tensor tiles = tileImages(x, 2);
  EXPECT_EQ(tiles[0][0][0][0].item<float>(), 0.0f);   // image 0, top left
  EXPECT_EQ(tiles[1][0][0][0].item<float>(), 16.0f);  // image 1, top left
  EXPECT_EQ(tiles[2][0][0][0].item<float>(), 2.0f);   // image 0, top right
  EXPECT_EQ(tiles[4][0][0][0].item<float>(), 8.0f);   // image 0, bottom left
  EXPECT_EQ(tiles[7][0][1][1].item<float>(), 31.0f);  // image 1, bottom right
}

TEST(Puzzle, TilingRejectsIndivisibleSizes) {
  EXPECT_THROW(tileImages(at::zeros({1, 1, 5, 4}), 2), Error);
  EXPECT_THROW(mergeTiles(at::zeros({3, 1, 2, 2}), 2), Error);
}

TEST(Puzzle, FocalLossWithGammaZeroIsBceSummedOverClasses) {
  const torch::Tensor x = matrix({2.0, -1.0, 0.5, -3.0, 0.0, 1.5}, 2, 3);
  const torch::Tensor t = matrix({1.0, 0.0, 0.0, 0.05, 0.95, 1.0}, 2, 3);
  // BCE(x, t) = max(x, 0) - x t + log(1 + exp(-|x|)), summed per row, averaged over rows.
  double expected = 0;
  for (int64_t i = 0; i < 6; ++i) {
    const double xi = x.view({-1})[i].item<double>(), ti = t.view({-1})[i].item<double>();
    expected += std::max(xi, 0.0) - xi * ti + std::log1p(std::exp(-std::abs(xi)));
  }
  expected /= 2;
  EXPECT_NEAR(focalLoss(x, t, 0.0).item<double>(), expected, 1e-6);
  // torch.nn.functional.binary_cross_entropy_with_logits(x, t, reduction='none').sum(1).mean()
  EXPECT_NEAR(focalLoss(x, t, 0.0).item<double>(), 1.253707246428871, 1e-6);
}

TEST(Puzzle, FocalLossMatchesTheSeedsFormula) {
  // One element by hand: x = 2, t = 1: BCE = log(1 + e^-2) = 0.126928, the factor
  // exp(1 * logsigmoid(-2)) = sigmoid(-2) = 0.119203, so the loss is 0.0151302.
  EXPECT_NEAR(focalLoss(matrix({2.0}, 1, 1), matrix({1.0}, 1, 1), 1.0).item<double>(), 0.0151302,
              1e-6);
  // Reference values from /usr/bin/python3 (torch 1.13):
  //   b = F.binary_cross_entropy_with_logits(x, t, reduction='none')
  //   (b * torch.exp(g * F.logsigmoid(-x * (2 * t - 1)))).sum(1).mean()
  const torch::Tensor x = matrix({2.0, -1.0, 0.5, -3.0, 0.0, 1.5}, 2, 3);
  const torch::Tensor t = matrix({1.0, 0.0, 0.0, 0.05, 0.95, 1.0}, 2, 3);
  EXPECT_NEAR(focalLoss(x, t, 1.0).item<double>(), 0.5507623832165807, 1e-6);
  EXPECT_NEAR(focalLoss(x, t, 2.0).item<double>(), 0.29132519496207154, 1e-6);
  // Float inputs give the same within float precision.
  EXPECT_NEAR(focalLoss(x.to(torch::kFloat), t.to(torch::kFloat), 1.0).item<double>(),
              0.5507623832165807, 1e-5);
}

TEST(Puzzle, ReconstructionLossIsZeroForIdenticalMapsAndMasksOtherClasses) {
  const torch::Tensor maps = at::randn({2, 3, 4, 4});
  const torch::Tensor labels = matrix({1, 0, 0, 0, 1, 1}, 2, 3);
  EXPECT_EQ(reconstructionLoss(maps, maps.clone(), labels).item<double>(), 0.0);
  // Differences only in classes an image does not have are masked out.
  torch::Tensor other = maps.clone();
  other[0][1] += 5.0;
  other[1][0] -= 3.0;
  EXPECT_EQ(reconstructionLoss(maps, other, labels).item<double>(), 0.0);
  // A difference of 2 on all 16 pixels of image 0's class 0: 2 * 16 / (2*3*4*4) = 1/3.
  other[0][0] += 2.0;
  EXPECT_NEAR(reconstructionLoss(maps, other, labels).item<double>(), 1.0 / 3.0, 1e-6);
}

TEST(Puzzle, ConfidenceLossIsPuzzleCamsShannonEntropy) {
  // -(p * log(p + 1e-5)).sum(1).mean() with p = sigmoid(x), from /usr/bin/python3.
  const torch::Tensor x = matrix({2.0, -1.0, 0.5, -3.0, 0.0, 1.5}, 2, 3);
  EXPECT_NEAR(confidenceLoss(x).item<double>(), 0.7079238963964836, 1e-6);
}

TEST(Puzzle, AlphaRampUsesTheZeroBasedEpoch) {
  // The seed: min(alpha * epoch / (epochs * schedule), alpha), alpha 4, schedule 0.5, 3 epochs.
  EXPECT_DOUBLE_EQ(alphaForEpoch(4.0, 0.5, 0, 3), 0.0);
  EXPECT_NEAR(alphaForEpoch(4.0, 0.5, 1, 3), 4.0 / 1.5, 1e-12);
  EXPECT_DOUBLE_EQ(alphaForEpoch(4.0, 0.5, 2, 3), 4.0);
  EXPECT_DOUBLE_EQ(alphaForEpoch(4.0, 0.5, 5, 10), 4.0);
  EXPECT_DOUBLE_EQ(alphaForEpoch(4.0, 0.5, 2, 10), 1.6);
  EXPECT_DOUBLE_EQ(alphaForEpoch(4.0, 0.0, 0, 3), 4.0);  // no ramp
}

TEST(Puzzle, GlobalAveragePool) {
  const torch::Tensor maps = at::arange(8, torch::kDouble).reshape({1, 2, 2, 2});
  EXPECT_TRUE(at::allclose(globalAveragePool(maps), matrix({1.5, 5.5}, 1, 2)));
}

// Hand-computed references (they equal sklearn's roc_auc_score / average_precision_score).
TEST(Metrics, RocAucWithoutTies) {
  // sklearn's documentation example: 0.75.
  EXPECT_DOUBLE_EQ(rocAuc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(rocAuc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(rocAuc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
}

TEST(Metrics, RocAucCountsTiesAsHalf) {
  // Positive 0.5 ties one negative (1/2) and beats 0.2 (1); 0.9 beats both (2): 3.5 / 4.
  EXPECT_DOUBLE_EQ(rocAuc({0.2, 0.5, 0.5, 0.9}, {0, 0, 1, 1}), 0.875);
  EXPECT_DOUBLE_EQ(rocAuc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
  // Positives 0.9, 0.3, 0.3; negatives 0.9, 0.3, 0.1: (2.5 + 1.5 + 1.5) / 9.
  EXPECT_NEAR(rocAuc({0.9, 0.9, 0.3, 0.3, 0.3, 0.1}, {1, 0, 1, 0, 1, 0}), 5.5 / 9.0, 1e-12);
}

TEST(Metrics, RocAucIsUndefinedForOneClass) {
  EXPECT_TRUE(std::isnan(rocAuc({0.1, 0.2}, {1, 1})));
  EXPECT_TRUE(std::isnan(rocAuc({0.1, 0.2}, {0, 0})));
}

TEST(Metrics, AveragePrecision) {
  // sklearn's documentation example: 0.8333.
  EXPECT_NEAR(averagePrecision({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 5.0 / 6.0, 1e-12);
  EXPECT_DOUBLE_EQ(averagePrecision({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_TRUE(std::isnan(averagePrecision({0.1, 0.2}, {0, 0})));
}

TEST(Metrics, AveragePrecisionTreatsTiedScoresAsOneThreshold) {
  // 0.9: recall 1/2 at precision 1; {0.5, 0.5}: recall 1 at precision 2/3.
  EXPECT_NEAR(averagePrecision({0.2, 0.5, 0.5, 0.9}, {0, 0, 1, 1}), 0.5 + 0.5 * 2.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(averagePrecision({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
  // {0.9, 0.9}: recall 1/3 at 1/2; {0.3 x3}: recall 1 at 3/5.
  EXPECT_NEAR(averagePrecision({0.9, 0.9, 0.3, 0.3, 0.3, 0.1}, {1, 0, 1, 0, 1, 0}), 1.0 / 6.0 + 0.4,
              1e-12);
}

TEST(Metrics, MacroFiguresSkipUndefinedClasses) {
  // Three images, three classes; class 2 has no positive (AUC and AP undefined).
  const std::vector<double> scores{0.9, 0.1, 0.5,  //
                                   0.2, 0.8, 0.5,  //
                                   0.7, 0.3, 0.5};
  const std::vector<int> labels{1, 0, 0,  //
                                0, 1, 0,  //
                                1, 0, 0};
  const ClassificationMetrics m = classificationMetrics(scores, labels, 3);
  EXPECT_DOUBLE_EQ(m.auc[0], 1.0);
  EXPECT_DOUBLE_EQ(m.auc[1], 1.0);
  EXPECT_TRUE(std::isnan(m.auc[2]));
  EXPECT_DOUBLE_EQ(m.macroAuc, 1.0);
  EXPECT_DOUBLE_EQ(m.meanAp, 1.0);
  EXPECT_THROW(classificationMetrics({0.1, 0.2}, {0, 1}, 3), Error);
}

}  // namespace
}  // namespace cellcam::train
