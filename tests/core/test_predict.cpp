// Ensembles, predictSubmission and fitMapping on a tiny synthetic dataset with untrained
// resnet18 models: valid submissions, shards, the ensemble's arithmetic, cancellation, errors.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/cell_scores.h"
#include "cellcam/csv.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/fit_mapping.h"
#include "cellcam/metric.h"
#include "cellcam/predict.h"
#include "cellcam/segmentation.h"
#include "cellcam/submission.h"
#include "cellcam/synth.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// 6 test and 8 train images of 128 px, and four untrained resnet18 models (input 64).
class PredictTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SynthOptions o;
    o.out = data();
    o.trainImages = 8;
    o.testImages = 6;
    o.size = 128;
    o.seed = 5;
    o.threads = 2;
    NullProgress progress;
    CancelToken cancel;
    writeSynthDataset(o, progress, cancel);
    ModelConfig config;
    config.backbone = "resnet18";
    config.inputSize = 64;
    for (int i = 0; i < 4; ++i) {
      fs::create_directories(dir_->path() / ("m" + std::to_string(i)));
      CamModel::create(config).save(model(i));
    }
    test::writeText(ensembleFile(), R"({"families": [{"name": "a", "models": ["m0/model.pt"]}],
                                        "tta": {"scales": [1.0, 1.3], "workSize": 128}})");
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path data() { return dir_->path() / "data"; }
  static fs::path model(int i) { return dir_->path() / ("m" + std::to_string(i)) / "model.pt"; }
  static fs::path ensembleFile() { return dir_->path() / "small.json"; }
  static fs::path path(const std::string& rel) { return dir_->path() / rel; }

  static PredictOptions options(const std::string& out) {
    PredictOptions p;
    p.dataDir = data();
    p.ensembleFile = ensembleFile();
    p.out = path(out);
    p.threads = 2;
    return p;
  }

 private:
  static inline TempDir* dir_ = nullptr;
};

TEST_F(PredictTest, WritesASubmissionThatValidatesAndScores) {
  NullProgress progress;
  CancelToken cancel;
  const PredictSummary summary = predictSubmission(options("sub.csv"), progress, cancel);
  EXPECT_EQ(summary.images, 6);
  EXPECT_GT(summary.cells, 0);
  EXPECT_EQ(summary.instances, summary.cells * 19);
  EXPECT_GT(summary.peakRssKb, 0);
  EXPECT_EQ(summary.warnings.size(), 1u);  // no GBR mapping for m0

  const ValidationReport report =
      validateSubmission(path("sub.csv"), data() / "sample_submission.csv");
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front());
  EXPECT_EQ(report.rows, 6u);
  const Submission sub = readSubmission(path("sub.csv"));
  const Submission sample = readSubmission(data() / "sample_submission.csv");
  ASSERT_EQ(sub.rows.size(), sample.rows.size());
  for (std::size_t i = 0; i < sub.rows.size(); ++i) {
    EXPECT_EQ(sub.rows[i].id, sample.rows[i].id);
    EXPECT_EQ(sub.rows[i].instances.size() % 19, 0u);
  }
  const MetricResult metric = evaluateSubmission(readSubmission(data() / "test_gt.csv"), sub);
  EXPECT_GE(metric.mAP, 0.0);
  EXPECT_LE(metric.mAP, 1.0);
  for (const auto& entry : fs::directory_iterator(path("sub.csv").parent_path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos)
        << "temporary file left: " << entry.path();
}

TEST_F(PredictTest, ScoresOutHoldsEveryNumberBehindTheSubmission) {
  NullProgress progress;
  CancelToken cancel;
  PredictOptions p = options("scored.csv");
  p.scoresOut = path("scores.csv");
  const PredictSummary summary = predictSubmission(p, progress, cancel);
  const CsvTable table = readCsv(path("scores.csv"));
  const std::vector<std::string> header{
      "ID",      "CellID", "Pixels",           "Model", "Class", "ImageProbability", "Raw", "Z",
      "Sigmoid", "GBR",    "ModelProbability", "Final"};
  ASSERT_EQ(table.header, header);
  // One model (m0, without a GBR mapping): a row per cell and class.
  ASSERT_EQ(static_cast<long long>(table.rows.size()), summary.cells * 19);

  // Final is what the submission says, in the same order of images, cells and classes.
  const Submission sub = readSubmission(path("scored.csv"));
  std::size_t row = 0;
  for (const SubmissionRow& image : sub.rows)
    for (const Instance& instance : image.instances) {
      ASSERT_LT(row, table.rows.size());
      const auto& r = table.rows[row++];
      EXPECT_EQ(r[0], image.id);
      EXPECT_EQ(std::stoi(r[4]), instance.label);
      EXPECT_NEAR(std::stod(r[11]), instance.confidence, 1e-6);
    }
  EXPECT_EQ(row, table.rows.size());

  // Per image, Z is the (default: standard) standardisation of the Raw scores of the measured
  // cells, the sigmoid follows from Z, and without a GBR mapping the model's probability is the
  // sigmoid.
  std::map<std::string, std::vector<std::size_t>> byImage;
  for (std::size_t i = 0; i < table.rows.size(); ++i) byImage[table.rows[i][0]].push_back(i);
  for (const auto& [id, rows] : byImage) {
    std::vector<double> measured;
    for (std::size_t i : rows)
      if (std::stoll(table.rows[i][2]) > 0) measured.push_back(std::stod(table.rows[i][6]));
    const ScoreScale scale = fitScoreScale(measured, MappingConfig().scaler);
    for (std::size_t i : rows) {
      const auto& r = table.rows[i];
      const double z = (std::stod(r[6]) - scale.center) / scale.scale;
      EXPECT_NEAR(std::stod(r[7]), z, 1e-4 * std::max(1.0, std::abs(z))) << id;
      EXPECT_NEAR(std::stod(r[8]), 1.0 / (1.0 + std::exp(-2.0 * (std::stod(r[7]) - 0.2))), 1e-6);
      EXPECT_EQ(r[9], "");
      EXPECT_EQ(r[10], r[8]);
    }
  }
}

TEST_F(PredictTest, AModelWithAMappingFitOnOtherScoresUsesThatScaler) {
  TempDir dir;
  fs::copy_file(model(0), dir / "m.pt");
  GbrMapping mapping;
  mapping.fit({-1.0f, 0.0f, 1.0f, 2.0f}, {0.0f, 0.0f, 1.0f, 1.0f});
  mapping.setScoreScaler("robust");
  mapping.save(mappingFileFor(dir / "m.pt"));
  EnsembleSpec spec = EnsembleSpec::singleModel(dir / "m.pt");
  ASSERT_EQ(spec.mapping.scaler, "standard");
  spec.tta.scales = {1.0};
  spec.tta.workSize = 64;
  const Ensemble ensemble = Ensemble::load(spec);
  ASSERT_EQ(ensemble.warnings().size(), 1u);
  EXPECT_NE(ensemble.warnings()[0].find("m.mapping.json"), std::string::npos);
  EXPECT_NE(ensemble.warnings()[0].find("robust"), std::string::npos);

  const Dataset dataset = Dataset::open(data());
  const ImageRecord* record = nullptr;
  for (const auto& r : dataset.images())
    if (r.split == Split::Test) record = &r;
  const ChannelImage image = readChannels(dataset, *record);
  const cv::Mat labels = segmentCells(image);
  std::vector<ModelCellDetails> details;
  ensemble.combine(ensemble.computeCams(image), labels, &details);
  ASSERT_EQ(details.size(), 1u);
  // z is the robust standardisation, as the regressor expects.
  std::vector<double> measured;
  for (int i = 0; i < details[0].scores.numCells(); ++i)
    if (details[0].scores.pixels[static_cast<std::size_t>(i)] > 0)
      for (int c = 0; c < details[0].scores.numClasses; ++c)
        measured.push_back(details[0].scores.score(i, c));
  const ScoreScale robust = fitRobustScale(measured);
  ASSERT_FALSE(details[0].z.empty());
  EXPECT_FLOAT_EQ(details[0].z[0],
                  static_cast<float>((details[0].scores.scores[0] - robust.center) / robust.scale));
}

TEST_F(PredictTest, ShardsCoverEveryImageOnce) {
  NullProgress progress;
  CancelToken cancel;
  PredictOptions a = options("shard0.csv");
  a.shardIndex = 0;
  a.shardCount = 2;
  a.labelsDir = data() / "test_masks";  // imported cells
  PredictOptions b = options("shard1.csv");
  b.shardIndex = 1;
  b.shardCount = 2;
  b.labelsDir = a.labelsDir;
  EXPECT_EQ(predictSubmission(a, progress, cancel).images, 3);
  EXPECT_EQ(predictSubmission(b, progress, cancel).images, 3);
  std::multiset<std::string> ids;
  for (const auto& f : {path("shard0.csv"), path("shard1.csv")})
    for (const auto& row : readSubmission(f).rows) ids.insert(row.id);
  const Submission sample = readSubmission(data() / "sample_submission.csv");
  ASSERT_EQ(ids.size(), sample.rows.size());
  for (const auto& row : sample.rows) EXPECT_EQ(ids.count(row.id), 1u) << row.id;

  const Submission merged = mergeShardSubmissions({path("shard0.csv"), path("shard1.csv")},
                                                  data() / "sample_submission.csv");
  writeSubmission(path("merged.csv"), merged);
  EXPECT_TRUE(validateSubmission(path("merged.csv"), data() / "sample_submission.csv").ok());
  EXPECT_THROW(mergeShardSubmissions({path("shard0.csv"), path("shard0.csv")},
                                     data() / "sample_submission.csv"),
               Error);
  EXPECT_THROW(mergeShardSubmissions({path("shard0.csv")}, data() / "sample_submission.csv"),
               Error);
}

class CancelOnFirstReport final : public Progress {
 public:
  explicit CancelOnFirstReport(CancelToken& token) : token_(token) {}
  void report(const ProgressUpdate&) override {
    ++reports;
    token_.cancel();
  }
  int reports = 0;

 private:
  CancelToken& token_;
};

TEST_F(PredictTest, CancelStopsBetweenImagesAndWritesNothing) {
  CancelToken cancel;
  CancelOnFirstReport progress(cancel);
  EXPECT_THROW(predictSubmission(options("cancelled.csv"), progress, cancel), Cancelled);
  EXPECT_EQ(progress.reports, 1);
  EXPECT_FALSE(fs::exists(path("cancelled.csv")));
}

TEST_F(PredictTest, MissingEnsembleModelIsAnErrorNamingIt) {
  test::writeText(path("bad.json"), R"({"families": [{"models": ["nowhere/fold7.pt"]}]})");
  PredictOptions p = options("bad.csv");
  p.ensembleFile = path("bad.json");
  NullProgress progress;
  CancelToken cancel;
  try {
    predictSubmission(p, progress, cancel);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fold7.pt"), std::string::npos) << e.what();
  }
  EXPECT_THROW(EnsembleSpec::fromJson(R"({"familes": []})", {}, "e.json"), Error);
  EXPECT_THROW(EnsembleSpec::fromJson(R"({"families": [{"models": []}]})", {}, "e.json"), Error);
}

TEST_F(PredictTest, FitMappingWritesAMappingThatLoads) {
  FitMappingOptions o;
  o.tta.scales = {1.0};
  o.tta.workSize = 64;
  o.mapping.gbr.rounds = 10;
  o.out = path("m3/fitted.mapping.json");
  NullProgress progress;
  CancelToken cancel;
  const FitMappingSummary s = fitMapping(model(3), data(), o, progress, cancel);
  EXPECT_GT(s.images, 0);
  EXPECT_GT(s.rows, 0);
  EXPECT_EQ(s.rows % 19, 0);
  const GbrMapping loaded = GbrMapping::load(o.out);
  EXPECT_TRUE(loaded.fitted());
  EXPECT_EQ(loaded.trainingRows(), s.rows);
}

/// The ensemble's arithmetic, checked against the per-model pipeline run by hand:
/// family a = {m0 (with a GBR mapping), m1}, weight 0.7; family b = {m2}, weight 0.3;
/// image classifier m3 with weight 0.4.
TEST_F(PredictTest, EnsembleAveragesFoldsWeighsFamiliesAndBlendsTheImageClassifier) {
  // A GBR mapping next to m0 (a monotone toy curve).
  {
    GbrConfig g;
    g.rounds = 20;
    GbrMapping mapping(g);
    std::vector<float> z, t;
    for (int i = 0; i < 200; ++i) {
      z.push_back(-3.0f + 0.03f * static_cast<float>(i));
      t.push_back(i > 120 ? 1.0f : 0.0f);
    }
    mapping.fit(z, t);
    mapping.save(mappingFileFor(model(0)));
  }
  EnsembleSpec spec;
  spec.families = {{"a", 0.7, {model(0), model(1)}}, {"b", 0.3, {model(2)}}};
  spec.imageClassifier.models = {model(3)};
  spec.imageClassifier.weight = 0.4;
  spec.tta.scales = {1.0};
  spec.tta.workSize = 64;
  const Ensemble ensemble = Ensemble::load(spec);
  EXPECT_EQ(ensemble.camModelCount(), 3);
  EXPECT_EQ(ensemble.warnings().size(), 2u);  // m1 and m2 have no mapping

  const Dataset dataset = Dataset::open(data());
  const ImageRecord* record = nullptr;
  for (const auto& r : dataset.images())
    if (r.split == Split::Test) record = &r;
  const ChannelImage image = readChannels(dataset, *record);
  const cv::Mat labels = segmentCells(image);

  const EnsembleCams cams = ensemble.computeCams(image);
  std::vector<ModelCellDetails> perModel;
  const CellProbabilities result = ensemble.combine(cams, labels, &perModel);
  ASSERT_GT(result.cellIds.size(), 0u);

  // By hand, from separately loaded models.
  const GbrMapping gbr = GbrMapping::load(mappingFileFor(model(0)));
  std::vector<std::vector<float>> p(3);
  for (int m = 0; m < 3; ++m) {
    const CamResult r = computeCams(CamModel::load(model(m)), image, spec.tta);
    const CellScores scores = computeCellScores(r.cams, r.imageProbabilities, labels);
    const SigmoidMapping sig = mapBySigmoid(scores, spec.mapping);
    p[m] =
        m == 0 ? blendProbabilities(sig.probabilities, gbr.predict(sig.z), 0.5) : sig.probabilities;
    ASSERT_EQ(perModel[m].blended.size(), p[m].size());
    EXPECT_EQ(perModel[m].scores.scores, scores.scores);
    EXPECT_EQ(perModel[m].z, sig.z);
    EXPECT_EQ(perModel[m].sigmoid, sig.probabilities);
    EXPECT_EQ(perModel[m].gbr.empty(), m != 0);
    EXPECT_EQ(perModel[m].imageProbabilities, r.imageProbabilities);
    for (std::size_t i = 0; i < p[m].size(); ++i)
      EXPECT_NEAR(perModel[m].blended[i], p[m][i], 1e-5);
  }
  const std::vector<float> image3 =
      computeImageProbabilities(CamModel::load(model(3)), image, spec.tta);
  ASSERT_EQ(result.probabilities.size(), p[0].size());
  for (std::size_t i = 0; i < p[0].size(); ++i) {
    const double cell = 0.7 * (p[0][i] + p[1][i]) / 2.0 + 0.3 * p[2][i];
    const double expected = 0.6 * cell + 0.4 * image3[i % 19];
    EXPECT_NEAR(result.probabilities[i], expected, 1e-5) << i;
  }
  fs::remove(mappingFileFor(model(0)));
}

// An image classifier that is also one of the CAM models reuses that model's image
// probabilities; they must equal a separate image-level run of the classifier (and a
// separately loaded second classifier still runs).
TEST_F(PredictTest, ImageClassifierThatIsACamModelGivesTheSameProbabilities) {
  EnsembleSpec spec;
  spec.families = {{"a", 1.0, {model(1)}}};
  spec.imageClassifier.models = {model(1), model(2)};
  spec.tta.scales = {1.0, 1.3};
  spec.tta.workSize = 64;
  const Ensemble ensemble = Ensemble::load(spec);
  const Dataset dataset = Dataset::open(data());
  const ChannelImage image = readChannels(dataset, dataset.images().front());
  const EnsembleCams cams = ensemble.computeCams(image);
  const std::vector<float> p1 =
      computeImageProbabilities(CamModel::load(model(1)), image, spec.tta);
  const std::vector<float> p2 =
      computeImageProbabilities(CamModel::load(model(2)), image, spec.tta);
  ASSERT_EQ(cams.imageProbabilities.size(), p1.size());
  for (std::size_t c = 0; c < p1.size(); ++c)
    EXPECT_NEAR(cams.imageProbabilities[c], (p1[c] + p2[c]) / 2.0f, 1e-6) << c;
}

TEST_F(PredictTest, EnsembleFileResolvesPathsRelativeToItself) {
  test::writeText(path("ens/e.json"),
                  R"({"families": [{"name": "x", "weight": 2, "models": ["../m1/model.pt"]}],
                      "imageClassifier": {"models": ["../m2/model.pt"]},
                      "mapping": {"sigmoidWeight": 0.25},
                      "segmentation": {"workSize": 256}})");
  const EnsembleSpec spec = EnsembleSpec::load(path("ens/e.json"));
  ASSERT_EQ(spec.families.size(), 1u);
  EXPECT_EQ(fs::weakly_canonical(spec.families[0].models[0]), fs::weakly_canonical(model(1)));
  EXPECT_EQ(spec.imageClassifier.weight, 0.4);
  EXPECT_EQ(spec.mapping.sigmoidWeight, 0.25);
  EXPECT_EQ(spec.segmentation.workSize, 256);
  EXPECT_EQ(mappingFileFor("a/model.pt"), fs::path("a/model.mapping.json"));
}

/// An ensemble with non-default values everywhere: models below the file's folder, one
/// outside it, an image classifier and non-default TTA, mapping and segmentation settings.
EnsembleSpec richSpec(const fs::path& root) {
  EnsembleSpec spec;
  EnsembleFamily a;
  a.name = "resnest";
  a.weight = 0.7;
  a.models = {root / "ens/fold0/model.pt", root / "ens/sub/../fold1/model.pt"};
  EnsembleFamily b;
  b.name = "effnet b4";
  b.weight = 0.3;
  b.models = {root / "outside/b4.pt"};
  spec.families = {a, b};
  spec.imageClassifier.models = {root / "ens/cls/model.pt", root / "cls2.pt"};
  spec.imageClassifier.weight = 0.25;
  spec.tta.scales = {1.0, 1.45};
  spec.tta.flips = false;
  spec.tta.batch = 2;
  spec.tta.workSize = 320;
  spec.mapping.scaler = "robust";
  spec.mapping.sigmoidFactor = 3.5;
  spec.mapping.sigmoidShift = -0.1;
  spec.mapping.sigmoidWeight = 0.3;
  spec.mapping.gbr.rounds = 77;
  spec.segmentation.workSize = 256;
  spec.segmentation.cellMinArea = 99.5;
  spec.segmentation.removeBorderCells = true;
  return spec;
}

TEST(EnsembleSpecFile, SaveWritesRelativeAndAbsolutePathsAndLoadsBackTheSameSpec) {
  TempDir dir;
  fs::create_directories(dir / "ens");
  const EnsembleSpec spec = richSpec(dir.path());
  const fs::path file = dir / "ens/e.json";
  spec.save(file);

  // The file: paths below its folder relative, others absolute; every key present.
  const nlohmann::json json = nlohmann::json::parse(test::readBytes(file));
  ASSERT_EQ(json["families"].size(), 2u);
  EXPECT_EQ(json["families"][0]["models"][0], "fold0/model.pt");
  EXPECT_EQ(json["families"][0]["models"][1], "fold1/model.pt");
  EXPECT_EQ(json["families"][1]["models"][0], (dir / "outside/b4.pt").string());
  EXPECT_EQ(json["families"][1]["name"], "effnet b4");
  EXPECT_EQ(json["imageClassifier"]["models"][0], "cls/model.pt");
  EXPECT_EQ(json["imageClassifier"]["models"][1], (dir / "cls2.pt").string());
  for (const char* key : {"tta", "mapping", "segmentation"})
    EXPECT_TRUE(json[key].is_object()) << key;
  EXPECT_EQ(json["segmentation"]["removeBorderCells"], true);

  const EnsembleSpec back = EnsembleSpec::load(file);
  ASSERT_EQ(back.families.size(), 2u);
  for (std::size_t f = 0; f < 2; ++f) {
    EXPECT_EQ(back.families[f].name, spec.families[f].name);
    EXPECT_EQ(back.families[f].weight, spec.families[f].weight);
    ASSERT_EQ(back.families[f].models.size(), spec.families[f].models.size());
    for (std::size_t m = 0; m < spec.families[f].models.size(); ++m)
      EXPECT_EQ(back.families[f].models[m], spec.families[f].models[m].lexically_normal());
  }
  EXPECT_EQ(back.imageClassifier.models,
            (std::vector<fs::path>{dir / "ens/cls/model.pt", dir / "cls2.pt"}));
  EXPECT_EQ(back.imageClassifier.weight, 0.25);
  EXPECT_EQ(back.tta.scales, (std::vector<double>{1.0, 1.45}));
  EXPECT_FALSE(back.tta.flips);
  EXPECT_EQ(back.tta.batch, 2);
  EXPECT_EQ(back.tta.workSize, 320);
  EXPECT_EQ(back.mapping.scaler, "robust");
  EXPECT_EQ(back.mapping.sigmoidFactor, 3.5);
  EXPECT_EQ(back.mapping.sigmoidShift, -0.1);
  EXPECT_EQ(back.mapping.sigmoidWeight, 0.3);
  EXPECT_EQ(back.mapping.gbr.rounds, 77);
  EXPECT_EQ(back.segmentation.workSize, 256);
  EXPECT_EQ(back.segmentation.cellMinArea, 99.5);
  EXPECT_TRUE(back.segmentation.removeBorderCells);
  // Nothing else differs: the loaded spec writes the same text.
  EXPECT_EQ(back.toJson(dir / "ens"), spec.toJson(dir / "ens"));

  // Moving the folder keeps the relative paths valid.
  fs::rename(dir / "ens", dir / "moved");
  const EnsembleSpec moved = EnsembleSpec::load(dir / "moved/e.json");
  EXPECT_EQ(moved.families[0].models[0], dir / "moved/fold0/model.pt");
  EXPECT_EQ(moved.families[1].models[0], dir / "outside/b4.pt");

  // Another base: everything outside it is absolute; an empty base writes only absolute paths;
  // a relative model path is taken against the working folder.
  EnsembleSpec relative = EnsembleSpec::singleModel("some/model.pt");
  const nlohmann::json abs = nlohmann::json::parse(relative.toJson({}));
  EXPECT_EQ(abs["families"][0]["models"][0], (fs::current_path() / "some/model.pt").string());
  const nlohmann::json below = nlohmann::json::parse(relative.toJson(fs::current_path() / ""));
  EXPECT_EQ(below["families"][0]["models"][0], "some/model.pt");

  // SegmentationConfig::toJson is what save() writes and load() reads.
  spec.segmentation.save(dir / "seg.json");
  EXPECT_EQ(test::readBytes(dir / "seg.json"), spec.segmentation.toJson() + "\n");
  EXPECT_EQ(SegmentationConfig::load(dir / "seg.json").toJson(), spec.segmentation.toJson());
}

TEST(EnsembleSpecFile, SaveRefusesWhatLoadWouldRefuseAndKeepsTheOldFile) {
  TempDir dir;
  const fs::path file = dir / "e.json";
  test::writeText(file, "old");
  auto expectRefused = [&](const EnsembleSpec& spec, const std::string& what) {
    try {
      spec.save(file);
      ADD_FAILURE() << "no error: " << what;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::readBytes(file), "old");
  };
  expectRefused(EnsembleSpec{}, "no model families");
  EnsembleSpec spec = EnsembleSpec::singleModel(dir / "m.pt");
  spec.families[0].weight = 0;
  expectRefused(spec, "sum to 0");
  spec.families[0].weight = 1;
  spec.families[0].models.clear();
  expectRefused(spec, "lists no models");
  spec = EnsembleSpec::singleModel(dir / "m.pt");
  spec.imageClassifier.weight = 1.5;
  expectRefused(spec, "imageClassifier.weight");
  // A path that JSON cannot hold (not UTF-8).
  expectRefused(EnsembleSpec::singleModel(dir.path() / "bad\xff.pt"), "not valid UTF-8");
  // A missing folder: Error naming the file.
  spec = EnsembleSpec::singleModel(dir / "m.pt");
  try {
    spec.save(dir / "missing/e.json");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "missing"));
}

}  // namespace
}  // namespace cellcam
