// Score-to-probability mappings: robust standardisation + sigmoid, the XGBoost mapping, its
// training rows, the blend and the settings as JSON.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/mapping.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

using test::TempDir;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// Expects `body` to throw Error whose message contains `needle`.
template <typename F>
void expectErrorContaining(F body, const std::string& needle) {
  try {
    body();
    ADD_FAILURE() << "no Error thrown; expected one mentioning " << needle;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

// ---- Robust standardisation and the sigmoid ----

TEST(RobustScale, HandValues) {
  const std::vector<double> scores{1, 2, 3, 4, 100};
  const ScoreScale scale = fitRobustScale(scores);
  EXPECT_DOUBLE_EQ(scale.center, 3.0);
  EXPECT_DOUBLE_EQ(scale.scale, 2.0);
  const std::vector<float> z = standardise(scores, scale);
  EXPECT_EQ(z, (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 48.5f}));
}

TEST(RobustScale, PercentilesInterpolateLikeNumpy) {
  const std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6};  // sorted 1 1 2 3 4 5 6 9
  EXPECT_DOUBLE_EQ(percentile(v, 25), 1.75);
  EXPECT_DOUBLE_EQ(percentile(v, 75), 5.25);
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 9.0);
  EXPECT_DOUBLE_EQ(percentile(v, 50), 3.5);
  const ScoreScale scale = fitRobustScale(v);
  EXPECT_DOUBLE_EQ(scale.center, 3.5);
  EXPECT_DOUBLE_EQ(scale.scale, 3.5);
  EXPECT_THROW(percentile({}, 50), Error);
  EXPECT_THROW(percentile(v, 101), Error);
}

TEST(RobustScale, ZeroIqrUsesScaleOne) {
  const std::vector<double> scores{5, 5, 5, 5, 9};
  const ScoreScale scale = fitRobustScale(scores);
  EXPECT_DOUBLE_EQ(scale.center, 5.0);
  EXPECT_DOUBLE_EQ(scale.scale, 1.0);
  EXPECT_EQ(standardise(scores, scale), (std::vector<float>{0, 0, 0, 0, 4}));
  const ScoreScale single = fitRobustScale({7.0});
  EXPECT_DOUBLE_EQ(single.center, 7.0);
  EXPECT_DOUBLE_EQ(single.scale, 1.0);
  const ScoreScale none = fitRobustScale({});
  EXPECT_DOUBLE_EQ(none.center, 0.0);
  EXPECT_DOUBLE_EQ(none.scale, 1.0);
}

TEST(RobustScale, NonFiniteScoresThrow) {
  EXPECT_THROW(fitRobustScale({1.0, std::nan("")}), Error);
  EXPECT_THROW(fitRobustScale({1.0, INFINITY}), Error);
}

TEST(StandardScale, HandValuesMatchSklearn) {
  // numpy: mean 4, std (ddof 0) sqrt((9 + 4 + 1 + 0 + 36) / 5) = sqrt(10).
  const std::vector<double> scores{1, 2, 3, 4, 10};
  const ScoreScale scale = fitStandardScale(scores);
  EXPECT_DOUBLE_EQ(scale.center, 4.0);
  EXPECT_DOUBLE_EQ(scale.scale, std::sqrt(10.0));
  const std::vector<float> z = standardise(scores, scale);
  EXPECT_FLOAT_EQ(z[0], static_cast<float>(-3.0 / std::sqrt(10.0)));
  EXPECT_FLOAT_EQ(z[4], static_cast<float>(6.0 / std::sqrt(10.0)));
  // A constant feature keeps scale 1, like sklearn; no values give {0, 1}.
  const ScoreScale constant = fitStandardScale({5, 5, 5});
  EXPECT_DOUBLE_EQ(constant.center, 5.0);
  EXPECT_DOUBLE_EQ(constant.scale, 1.0);
  EXPECT_DOUBLE_EQ(fitStandardScale({}).scale, 1.0);
  EXPECT_THROW(fitStandardScale({1.0, std::nan("")}), Error);
  // By name.
  EXPECT_DOUBLE_EQ(fitScoreScale(scores, "standard").scale, std::sqrt(10.0));
  EXPECT_DOUBLE_EQ(fitScoreScale(scores, "robust").scale, 2.0);  // q75 4 - q25 2
  EXPECT_THROW(fitScoreScale(scores, "minmax"), Error);
}

TEST(Sigmoid, HandValues) {
  const std::vector<float> z{-1.0f, -0.5f, 0.0f, 0.5f, 48.5f};
  const std::vector<float> p = sigmoidProbabilities(z);
  ASSERT_EQ(p.size(), z.size());
  for (size_t i = 0; i < z.size(); ++i)
    EXPECT_FLOAT_EQ(p[i], static_cast<float>(sigmoid(2.0 * (z[i] - 0.2))));
  EXPECT_FLOAT_EQ(sigmoidProbabilities({0.2f}, 5.0, 0.2)[0], 0.5f);
  EXPECT_FLOAT_EQ(sigmoidProbabilities({1.0f}, 1.0, 0.0)[0], static_cast<float>(sigmoid(1.0)));
}

TEST(Sigmoid, MapBySigmoidWithTheRobustScaler) {
  CellScores s;
  s.cellIds = {1, 2};
  s.numClasses = 2;
  s.scores = {1, 2, 3, 4};  // Plus the vanished cell below, left out of the fit.
  s.pixels = {10, 12};
  s.cellIds.push_back(3);
  s.scores.insert(s.scores.end(), {0, 0});
  s.pixels.push_back(0);
  MappingConfig config;
  config.scaler = "robust";
  config.sigmoidFactor = 3.0;
  config.sigmoidShift = -0.1;
  const SigmoidMapping m = mapBySigmoid(s, config);
  // Fit on {1,2,3,4}: median 2.5, q25 1.75, q75 3.25, IQR 1.5.
  EXPECT_DOUBLE_EQ(m.scale.center, 2.5);
  EXPECT_DOUBLE_EQ(m.scale.scale, 1.5);
  ASSERT_EQ(m.z.size(), 6u);
  ASSERT_EQ(m.probabilities.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    const double z = (s.scores[i] - 2.5) / 1.5;
    EXPECT_FLOAT_EQ(m.z[i], static_cast<float>(z));
    EXPECT_FLOAT_EQ(m.probabilities[i], static_cast<float>(sigmoid(3.0 * (m.z[i] + 0.1))));
  }
}

TEST(Sigmoid, MapBySigmoidUsesTheConfiguredScaler) {
  CellScores s;
  s.cellIds = {1, 2};
  s.numClasses = 2;
  s.scores = {1, 2, 3, 10};
  s.pixels = {10, 12};
  MappingConfig config;
  config.scaler = "standard";
  const SigmoidMapping m = mapBySigmoid(s, config);
  // mean 4, std sqrt((9 + 4 + 1 + 36) / 4) = sqrt(12.5)
  EXPECT_DOUBLE_EQ(m.scale.center, 4.0);
  EXPECT_DOUBLE_EQ(m.scale.scale, std::sqrt(12.5));
  for (size_t i = 0; i < 4; ++i) {
    const double z = (s.scores[i] - 4.0) / std::sqrt(12.5);
    EXPECT_FLOAT_EQ(m.z[i], static_cast<float>(z));
    EXPECT_FLOAT_EQ(m.probabilities[i], static_cast<float>(sigmoid(2.0 * (z - 0.2))));
  }
}

TEST(Sigmoid, MapBySigmoidWithoutCells) {
  CellScores s;
  s.numClasses = 19;
  const SigmoidMapping m = mapBySigmoid(s);
  EXPECT_TRUE(m.z.empty());
  EXPECT_TRUE(m.probabilities.empty());
  s.scores = {1.0};  // Inconsistent with no cells.
  EXPECT_THROW(mapBySigmoid(s), Error);
}

// ---- Training rows, blend, settings ----

CellScores threeCellsThreeClasses() {
  CellScores s;
  s.cellIds = {4, 7, 9};
  s.numClasses = 3;
  s.scores.assign(9, 0.0);
  s.pixels = {5, 6, 0};  // Cell 9 vanished.
  return s;
}

TEST(Mapping, TrainingRowsOfSingleLabelImage) {
  const CellScores s = threeCellsThreeClasses();
  const std::vector<float> z{0, 1, 2, 3, 4, 5, 6, 7, 8};
  const MappingTrainingSet rows = mappingTrainingRows(s, z, {2});
  EXPECT_EQ(rows.z, (std::vector<float>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(rows.targets, (std::vector<float>{0, 0, 1, 0, 0, 1}));
  EXPECT_EQ(rows.size(), 6u);
  // The same label twice is still one label.
  EXPECT_EQ(mappingTrainingRows(s, z, {2, 2}).targets, rows.targets);
}

TEST(Mapping, TrainingRowsOfMultiLabelImageUseOnlyAnnotatedCells) {
  const CellScores s = threeCellsThreeClasses();
  const std::vector<float> z{0, 1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(mappingTrainingRows(s, z, {0, 1}).size(), 0u);
  EXPECT_EQ(mappingTrainingRows(s, z, {}).size(), 0u);
  // Cell 7 annotated {0, 1}; cell 9 vanished (ignored); id 99 is no cell (ignored).
  const MappingTrainingSet rows =
      mappingTrainingRows(s, z, {0, 1}, {{7, {0, 1}}, {9, {2}}, {99, {1}}});
  EXPECT_EQ(rows.z, (std::vector<float>{3, 4, 5}));
  EXPECT_EQ(rows.targets, (std::vector<float>{1, 1, 0}));
}

TEST(Mapping, AnnotationsOverrideTheImageLabel) {
  const CellScores s = threeCellsThreeClasses();
  const std::vector<float> z{0, 1, 2, 3, 4, 5, 6, 7, 8};
  MappingTrainingSet rows = mappingTrainingRows(s, z, {1}, {{4, {}}, {7, {2}}});
  EXPECT_EQ(rows.z, (std::vector<float>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(rows.targets, (std::vector<float>{0, 0, 0, 0, 0, 1}));
  MappingTrainingSet all;
  all.append(rows);
  all.append(mappingTrainingRows(s, z, {0}));
  EXPECT_EQ(all.size(), 12u);
  EXPECT_EQ(all.targets[6], 1.0f);
}

TEST(Mapping, TrainingRowsRejectBadInput) {
  const CellScores s = threeCellsThreeClasses();
  EXPECT_THROW(mappingTrainingRows(s, {1, 2, 3}, {0}), Error);
  const std::vector<float> z(9, 0.0f);
  EXPECT_THROW(mappingTrainingRows(s, z, {3}), Error);
  EXPECT_THROW(mappingTrainingRows(s, z, {0}, {{4, {-1}}}), Error);
}

TEST(Mapping, BlendWeightsTheTwoMappings) {
  const std::vector<float> a{0.0f, 1.0f, 0.2f}, b{1.0f, 0.0f, 0.6f};
  const std::vector<float> half = blendProbabilities(a, b);
  EXPECT_FLOAT_EQ(half[0], 0.5f);
  EXPECT_FLOAT_EQ(half[1], 0.5f);
  EXPECT_FLOAT_EQ(half[2], 0.4f);
  EXPECT_EQ(blendProbabilities(a, b, 1.0), a);
  EXPECT_EQ(blendProbabilities(a, b, 0.0), b);
  EXPECT_FLOAT_EQ(blendProbabilities(a, b, 0.25)[2], 0.5f);
  EXPECT_THROW(blendProbabilities(a, {0.5f}), Error);
  EXPECT_THROW(blendProbabilities(a, b, 1.5), Error);
}

TEST(Mapping, ConfigDefaultsAreTheSeeds) {
  const MappingConfig c;
  EXPECT_EQ(c.sigmoidFactor, 2.0);
  EXPECT_EQ(c.sigmoidShift, 0.2);
  EXPECT_EQ(c.sigmoidWeight, 0.5);
  EXPECT_EQ(c.scaler, "standard");  // the seed's write-up: sklearn's StandardScaler
  EXPECT_EQ(c.gbr.rounds, 100);
  EXPECT_EQ(c.gbr.maxDepth, 3);
  EXPECT_EQ(c.gbr.eta, 0.1);
  EXPECT_EQ(c.gbr.subsample, 1.0);
  EXPECT_TRUE(c.gbr.monotone);
  EXPECT_NO_THROW(c.validate());
}

TEST(Mapping, ConfigJsonRoundTrip) {
  MappingConfig c;
  c.scaler = "robust";
  c.sigmoidFactor = 1.5;
  c.sigmoidShift = -0.3;
  c.sigmoidWeight = 0.7;
  c.gbr.rounds = 42;
  c.gbr.maxDepth = 5;
  c.gbr.eta = 0.05;
  c.gbr.subsample = 0.8;
  c.gbr.lambda = 0.5;
  c.gbr.minChildWeight = 3;
  c.gbr.monotone = false;
  c.gbr.treeMethod = "exact";
  c.gbr.maxBin = 64;
  c.gbr.threads = 2;
  c.gbr.seed = 7;
  const MappingConfig r = MappingConfig::fromJson(c.toJson(), "test");
  EXPECT_EQ(r.toJson(), c.toJson());
  EXPECT_EQ(r.gbr.treeMethod, "exact");
  EXPECT_EQ(r.scaler, "robust");
  EXPECT_EQ(r.gbr.seed, 7);
  const MappingConfig partial = MappingConfig::fromJson(R"({"gbr": {"rounds": 10}})", "test");
  EXPECT_EQ(partial.gbr.rounds, 10);
  EXPECT_EQ(partial.sigmoidFactor, 2.0);
}

TEST(Mapping, ConfigJsonErrorsNameSourceAndKey) {
  expectErrorContaining([] { MappingConfig::fromJson(R"({"factor": 2})", "m.json"); }, "factor");
  expectErrorContaining([] { MappingConfig::fromJson(R"({"factor": 2})", "m.json"); }, "m.json");
  expectErrorContaining([] { MappingConfig::fromJson(R"({"gbr": {"depth": 2}})", "m.json"); },
                        "gbr.depth");
  expectErrorContaining([] { MappingConfig::fromJson(R"({"sigmoidWeight": 2})", "m.json"); },
                        "sigmoidWeight");
  expectErrorContaining([] { MappingConfig::fromJson(R"({"gbr": {"rounds": 1.5}})", "m.json"); },
                        "gbr.rounds");
  expectErrorContaining(
      [] { MappingConfig::fromJson(R"({"gbr": {"treeMethod": "gpu"}})", "m.json"); }, "treeMethod");
  expectErrorContaining([] { MappingConfig::fromJson("{", "m.json"); }, "m.json");
  expectErrorContaining([] { MappingConfig::fromJson(R"({"scaler": "minmax"})", "m.json"); },
                        "scaler");
  MappingConfig bad;
  bad.gbr.eta = 0;
  EXPECT_THROW(bad.validate(), Error);
}

// ---- The XGBoost mapping ----

/// n points with z ~ U(-3, 3) and targets ~ Bernoulli(sigmoid(3 z)).
void syntheticData(size_t n, unsigned seed, std::vector<float>& z, std::vector<float>& t) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> uz(-3.0f, 3.0f);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  z.resize(n);
  t.resize(n);
  for (size_t i = 0; i < n; ++i) {
    z[i] = uz(gen);
    t[i] = u(gen) < sigmoid(3.0 * z[i]) ? 1.0f : 0.0f;
  }
}

/// The default mapping fit on 20000 synthetic points (about 50 ms). Not cached in a static:
/// XGBoost 1.7 tears down its thread-local state before static destructors run.
GbrMapping fittedMapping() {
  std::vector<float> z, t;
  syntheticData(20000, 1, z, t);
  GbrMapping m;
  m.fit(z, t);
  return m;
}

TEST(GbrMapping, LearnsAMonotoneCurve) {
  const GbrMapping m = fittedMapping();
  ASSERT_TRUE(m.fitted());
  const MappingCurve curve = m.sampleCurve(-4.0f, 4.0f, 401);
  ASSERT_EQ(curve.z.size(), 401u);
  ASSERT_EQ(curve.probabilities.size(), 401u);
  EXPECT_FLOAT_EQ(curve.z.front(), -4.0f);
  EXPECT_FLOAT_EQ(curve.z.back(), 4.0f);
  double squared = 0;
  int inside = 0;
  for (size_t i = 0; i < curve.z.size(); ++i) {
    EXPECT_GE(curve.probabilities[i], 0.0f);
    EXPECT_LE(curve.probabilities[i], 1.0f);
    if (i > 0) {
      EXPECT_GE(curve.probabilities[i], curve.probabilities[i - 1]) << "at " << i;
    }
    if (std::abs(curve.z[i]) <= 2.9f) {
      const double e = curve.probabilities[i] - sigmoid(3.0 * curve.z[i]);
      squared += e * e;
      ++inside;
    }
  }
  const double rmse = std::sqrt(squared / inside);
  EXPECT_LT(rmse, 0.04);
  EXPECT_LT(curve.probabilities.front(), 0.03);
  EXPECT_GT(curve.probabilities.back(), 0.97);
  EXPECT_EQ(m.trainingRows(), 20000);
  EXPECT_EQ(m.trainingPoints().size(), 2000u);
}

TEST(GbrMapping, MonotoneConstraintRemovesBumps) {
  std::vector<float> z, t;
  syntheticData(20000, 1, z, t);
  const auto violations = [&](bool monotone) {
    GbrConfig config;
    config.monotone = monotone;
    GbrMapping m(config);
    m.fit(z, t);
    const std::vector<float> p = m.sampleCurve(-4.0f, 4.0f, 401).probabilities;
    int count = 0;
    for (size_t i = 1; i < p.size(); ++i) count += p[i] < p[i - 1];
    return count;
  };
  EXPECT_EQ(violations(true), 0);
  EXPECT_GT(violations(false), 0);  // Noise makes the unconstrained curve dip here and there.
}

TEST(GbrMapping, ScalerHasSklearnSemantics) {
  GbrConfig config;
  config.rounds = 2;
  GbrMapping m(config);
  m.fit({1, 2, 3, 4}, {0, 0, 1, 1});
  EXPECT_DOUBLE_EQ(m.scalerMean(), 2.5);
  EXPECT_DOUBLE_EQ(m.scalerStd(), std::sqrt(1.25));  // ddof 0
  GbrMapping constant(config);
  constant.fit({3, 3, 3}, {0, 1, 1});
  EXPECT_DOUBLE_EQ(constant.scalerMean(), 3.0);
  EXPECT_DOUBLE_EQ(constant.scalerStd(), 1.0);
  const std::vector<float> p = constant.predict({0, 3, 10});
  EXPECT_NEAR(p[1], 2.0 / 3.0, 0.05);
}

TEST(GbrMapping, DeterministicForASeed) {
  std::vector<float> z, t;
  syntheticData(5000, 2, z, t);
  GbrConfig config;
  config.rounds = 30;
  config.subsample = 0.7;
  config.seed = 11;
  GbrMapping a(config), b(config);
  a.fit(z, t);
  b.fit(z, t);
  const std::vector<float> grid = a.sampleCurve(-3.5f, 3.5f, 300).z;
  EXPECT_EQ(a.predict(grid), b.predict(grid));
}

TEST(GbrMapping, SaveLoadRoundTripGivesIdenticalPredictions) {
  TempDir dir;
  const GbrMapping m = fittedMapping();
  m.save(dir / "mapping.json");
  const GbrMapping loaded = GbrMapping::load(dir / "mapping.json");
  ASSERT_TRUE(loaded.fitted());
  std::vector<float> z, t;
  syntheticData(3000, 3, z, t);
  z.push_back(-50.0f);
  z.push_back(50.0f);
  EXPECT_EQ(loaded.predict(z), m.predict(z));
  EXPECT_EQ(loaded.scalerMean(), m.scalerMean());
  EXPECT_EQ(loaded.scalerStd(), m.scalerStd());
  EXPECT_EQ(loaded.trainingRows(), m.trainingRows());
  EXPECT_EQ(loaded.scoreScaler(), MappingConfig().scaler);
  ASSERT_EQ(loaded.trainingPoints().size(), m.trainingPoints().size());
  for (size_t i = 0; i < m.trainingPoints().size(); ++i) {
    EXPECT_EQ(loaded.trainingPoints()[i].z, m.trainingPoints()[i].z);
    EXPECT_EQ(loaded.trainingPoints()[i].target, m.trainingPoints()[i].target);
  }
  MappingConfig a, b;
  a.gbr = m.config();
  b.gbr = loaded.config();
  EXPECT_EQ(a.toJson(), b.toJson());
  // Saving the loaded mapping gives the same file.
  loaded.save(dir / "again.json");
  EXPECT_EQ(test::readBytes(dir / "again.json"), test::readBytes(dir / "mapping.json"));
  const std::string text = test::readBytes(dir / "mapping.json");
  EXPECT_NE(text.find("\"cellcam-gbr-mapping\""), std::string::npos);
  EXPECT_NE(text.find("\"xgboost\""), std::string::npos);
}

TEST(GbrMapping, RemembersTheScoreScalerOfItsInput) {
  TempDir dir;
  GbrMapping m = fittedMapping();
  EXPECT_THROW(m.setScoreScaler("minmax"), Error);
  m.setScoreScaler("standard");
  m.save(dir / "standard.json");
  EXPECT_EQ(GbrMapping::load(dir / "standard.json").scoreScaler(), "standard");
  // A file without the key (written before it existed) was fit on robust z.
  std::string text = test::readBytes(dir / "standard.json");
  const std::string key = "\"scoreScaler\": \"standard\",";
  const auto at = text.find(key);
  ASSERT_NE(at, std::string::npos);
  text.erase(at, key.size());
  test::writeText(dir / "old.json", text);
  EXPECT_EQ(GbrMapping::load(dir / "old.json").scoreScaler(), "robust");
  text.insert(at, "\"scoreScaler\": \"minmax\",");
  test::writeText(dir / "bad.json", text);
  expectErrorContaining([&] { GbrMapping::load(dir / "bad.json"); }, "bad.json");
}

TEST(GbrMapping, MissingOrCorruptFilesNameTheFile) {
  TempDir dir;
  const auto missing = dir / "missing.json";
  expectErrorContaining([&] { GbrMapping::load(missing); }, missing.string());

  const std::string good = [&] {
    fittedMapping().save(dir / "good.json");
    return test::readBytes(dir / "good.json");
  }();
  const auto write = [&](const std::string& name, const std::string& text) {
    test::writeText(dir / name, text);
    return dir / name;
  };
  const auto truncated = write("truncated.json", good.substr(0, good.size() / 2));
  expectErrorContaining([&] { GbrMapping::load(truncated); }, truncated.string());
  const auto other = write("other.json", R"({"format": "something-else", "version": 1})");
  expectErrorContaining([&] { GbrMapping::load(other); }, other.string());
  const auto newer = write("newer.json", R"({"format": "cellcam-gbr-mapping", "version": 99})");
  expectErrorContaining([&] { GbrMapping::load(newer); }, newer.string());

  std::string broken = good;
  const auto pos = broken.find("\"learner\"");
  ASSERT_NE(pos, std::string::npos);
  broken.replace(pos, 9, "\"lerner\"");
  const auto badModel = write("bad_model.json", broken);
  expectErrorContaining([&] { GbrMapping::load(badModel); }, badModel.string());
}

TEST(GbrMapping, UnfittedAndBadInputsThrow) {
  GbrMapping m;
  EXPECT_FALSE(m.fitted());
  EXPECT_THROW(m.predict({0.0f}), Error);
  TempDir dir;
  expectErrorContaining([&] { m.save(dir / "x.json"); }, "x.json");
  EXPECT_THROW(m.fit({}, {}), Error);
  EXPECT_THROW(m.fit({1, 2}, {1}), Error);
  EXPECT_THROW(m.fit({1, NAN}, {0, 1}), Error);
  GbrConfig bad;
  bad.maxDepth = 0;
  EXPECT_THROW(GbrMapping(bad).fit({1, 2}, {0, 1}), Error);
  EXPECT_FALSE(m.fitted());
  const GbrMapping fitted = fittedMapping();
  EXPECT_THROW(fitted.sampleCurve(1.0f, 0.0f, 10), Error);
  EXPECT_THROW(fitted.sampleCurve(0.0f, 1.0f, 0), Error);
  EXPECT_TRUE(fitted.predict({}).empty());
}

TEST(GbrMapping, ReportsProgressAndCancels) {
  struct Recorder : Progress {
    std::vector<double> fractions;
    CancelToken* cancelAfterThree = nullptr;
    void report(const ProgressUpdate& u) override {
      fractions.push_back(u.fraction);
      if (cancelAfterThree && fractions.size() == 3) cancelAfterThree->cancel();
    }
  };
  std::vector<float> z, t;
  syntheticData(1000, 4, z, t);
  GbrConfig config;
  config.rounds = 10;
  GbrMapping m(config);
  Recorder recorder;
  m.fit(z, t, &recorder);
  ASSERT_EQ(recorder.fractions.size(), 10u);
  EXPECT_DOUBLE_EQ(recorder.fractions.back(), 1.0);

  GbrMapping cancelled(config);
  CancelToken token;
  Recorder stopper;
  stopper.cancelAfterThree = &token;
  EXPECT_THROW(cancelled.fit(z, t, &stopper, &token), Cancelled);
  EXPECT_EQ(stopper.fractions.size(), 3u);
  EXPECT_FALSE(cancelled.fitted());
}

}  // namespace
}  // namespace cellcam
