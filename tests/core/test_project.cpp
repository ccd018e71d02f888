// The project database: annotations, CSV, runs, schema versions, damage and crash durability;
// the per-cell evaluation; annotations in the mapping fit.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cellcam/cam_model.h"
#include "cellcam/classes.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/fit_mapping.h"
#include "cellcam/image_io.h"
#include "cellcam/model_config.h"
#include "cellcam/project.h"
#include "cellcam/segmentation.h"
#include "cellcam/synth.h"

#include "temp_dir.h"
#include <gtest/gtest.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

/// A project with two images ("a": train, labels 0|5; "b": test) and cells 1..5 recorded for a.
Project smallProject(const fs::path& folder) {
  Project p = Project::create(folder, {});
  p.addImages({{"a", "train", {0, 5}}, {"b", "test", {}}});
  std::vector<ProjectCell> cells;
  for (int id = 1; id <= 5; ++id) cells.push_back({id, 100 * id, 10.0 * id, 20.0 * id});
  p.setCells("a", "builtin:{}", cells);
  return p;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

/// Writes a big-endian 32-bit value into the SQLite header (closed database, no WAL).
void patchHeader(const fs::path& file, std::streamoff offset, std::uint32_t value) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(offset);
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  f.write(bytes, 4);
}

std::vector<fs::path> backupsIn(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().filename().string().find("project.sqlite.damaged-") == 0 &&
        e.path().extension() != ".sqlite-wal" &&
        e.path().filename().string().find("-wal") == std::string::npos)
      out.push_back(e.path());
  return out;
}

TEST(Project, CreateAndReopen) {
  TempDir dir;
  SynthOptions synth;
  synth.out = dir / "data";
  synth.trainImages = 3;
  synth.testImages = 2;
  synth.size = 64;
  synth.threads = 1;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(synth, progress, cancel);
  const Dataset dataset = Dataset::open(dir / "data");
  {
    Project p = Project::create(dir / "proj", dir / "data");
    EXPECT_TRUE(fs::exists(dir / "proj" / "project.sqlite"));
    EXPECT_EQ(p.images().size(), 5u);
  }
  EXPECT_NE(errorOf([&] { Project::create(dir / "proj", {}); }).find("already holds"),
            std::string::npos);
  Project p = Project::open(dir / "proj");
  EXPECT_EQ(p.dataDir(), fs::absolute(dir / "data"));
  const auto images = p.images();
  ASSERT_EQ(images.size(), dataset.images().size());
  for (const ImageRecord& r : dataset.images()) {
    const auto it = std::find_if(images.begin(), images.end(),
                                 [&](const ProjectImage& i) { return i.id == r.id; });
    ASSERT_NE(it, images.end()) << r.id;
    EXPECT_EQ(it->labels, r.labels);
    EXPECT_EQ(it->split, std::string(splitName(r.split)));
  }
  EXPECT_NE(errorOf([&] { Project::open(dir / "nothing"); }).find("no CellCAM project"),
            std::string::npos);
}

TEST(Project, AnnotationsSurviveReopen) {
  TempDir dir;
  {
    Project p = smallProject(dir / "proj");
    p.setCellLabels("a", {1, 2}, {5, 0});
    p.setCellLabels("a", {3}, {kNegativeClass});
    p.setCellLabels("b", {7}, {16});
    EXPECT_EQ(p.cells("a").size(), 5u);
    EXPECT_EQ(p.segmentationKey("a"), "builtin:{}");
  }
  Project p = Project::open(dir / "proj");
  const CellLabelMap a = p.cellLabels("a");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.at(1), (std::vector<int>{0, 5}));
  EXPECT_EQ(a.at(2), (std::vector<int>{0, 5}));
  EXPECT_EQ(a.at(3), (std::vector<int>{18}));
  EXPECT_EQ(p.cellLabels("b").at(7), (std::vector<int>{16}));
  const auto all = p.allAnnotations();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].imageId, "a");
  EXPECT_EQ(all[3].imageId, "b");
  EXPECT_EQ(all[0].updatedAt.size(), 24u) << all[0].updatedAt;
  EXPECT_EQ(p.cells("a")[2].area, 300);
  EXPECT_DOUBLE_EQ(p.cells("a")[2].centroidY, 60.0);
}

TEST(Project, MultiCellChangeIsAllOrNothing) {
  TempDir dir;
  Project p = smallProject(dir / "proj");
  p.setCellLabels("a", {1}, {2});
  // Cell 9 is not among a's recorded cells: nothing of the change may land.
  const std::string e = errorOf([&] { p.setCellLabels("a", {1, 2, 9}, {7}); });
  EXPECT_NE(e.find("no cell 9"), std::string::npos) << e;
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{1, {2}}}));
  // A bad label in the last cell of a replace leaves the earlier cells untouched.
  EXPECT_THROW(p.replaceCellLabels("a", {{1, {}}, {2, {3}}, {4, {19}}}), Error);
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{1, {2}}}));
  EXPECT_NE(errorOf([&] { p.setCellLabels("zz", {1}, {2}); }).find("image zz"), std::string::npos);
  EXPECT_THROW(p.setCellLabels("a", {0}, {2}), Error);
  EXPECT_THROW(p.setCellLabels("a", {1}, {}), Error);
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{1, {2}}}));
}

TEST(Project, NegativeIsExclusive) {
  TempDir dir;
  Project p = smallProject(dir / "proj");
  const std::string e = errorOf([&] { p.setCellLabels("a", {1}, {3, kNegativeClass}); });
  EXPECT_NE(e.find("Negative"), std::string::npos) << e;
  EXPECT_TRUE(p.cellLabels("a").empty());
  p.setCellLabels("a", {1}, {kNegativeClass});
  EXPECT_EQ(p.cellLabels("a").at(1), (std::vector<int>{18}));
}

TEST(Project, UndoLikeSequencesRestoreEarlierStates) {
  TempDir dir;
  Project p = smallProject(dir / "proj");
  p.setCellLabels("a", {1, 2}, {4});
  const CellLabelMap before = p.cellLabels("a");
  // "Set 2 and 3 to Golgi": remember their old labels, apply, then undo and redo.
  CellLabelMap old{{2, before.at(2)}, {3, {}}};
  p.setCellLabels("a", {2, 3}, {7});
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{1, {4}}, {2, {7}}, {3, {7}}}));
  p.replaceCellLabels("a", old);  // undo
  EXPECT_EQ(p.cellLabels("a"), before);
  p.replaceCellLabels("a", {{2, {7}}, {3, {7}}});  // redo
  p.clearCellLabels("a", {1, 2, 5});
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{3, {7}}}));
  p.replaceCellLabels("a", {{1, {4}}, {2, {7}}});  // undo of the clear
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{1, {4}}, {2, {7}}, {3, {7}}}));
}

TEST(Project, CsvRoundTripAndBadLineChangesNothing) {
  TempDir dir;
  {
    Project p = smallProject(dir / "proj");
    p.setCellLabels("a", {1}, {0, 5});
    p.setCellLabels("a", {4}, {18});
    p.setCellLabels("b", {12}, {16, 2});
    p.exportAnnotationsCsv(dir / "out.csv");
  }
  EXPECT_EQ(test::readBytes(dir / "out.csv"), "ID,CellID,Labels\na,1,0|5\na,4,18\nb,12,2|16\n");
  Project q = smallProject(dir / "proj2");
  EXPECT_EQ(q.importAnnotationsCsv(dir / "out.csv"), 3);
  EXPECT_EQ(q.annotationMap(), loadAnnotations(dir / "proj"));
  EXPECT_EQ(loadAnnotations(dir / "out.csv"), loadAnnotations(dir / "proj"));

  // BOM, CRLF and quotes are fine.
  test::writeText(dir / "bom.csv", "\xEF\xBB\xBFID,CellID,Labels\r\n\"a\",2,\"3|7\"\r\n");
  EXPECT_EQ(q.importAnnotationsCsv(dir / "bom.csv"), 1);
  EXPECT_EQ(q.cellLabels("a").at(2), (std::vector<int>{3, 7}));

  const AnnotationMap before = q.annotationMap();
  const auto expectBad = [&](const std::string& text, const std::string& needle) {
    test::writeText(dir / "bad.csv", text);
    const std::string e = errorOf([&] { q.importAnnotationsCsv(dir / "bad.csv"); });
    EXPECT_NE(e.find("bad.csv"), std::string::npos) << e;
    EXPECT_NE(e.find(needle), std::string::npos) << e;
    EXPECT_EQ(q.annotationMap(), before) << text;
  };
  expectBad("ID,CellID,Labels\na,3,1\na,5,2\na,1,19\n", "line 4");
  expectBad("ID,CellID,Labels\na,3,1\na,5,2|18\n", "line 3");
  expectBad("ID,CellID,Labels\na,3,1\nb,x,2\n", "line 3");
  expectBad("ID,CellID,Labels\na,3,1\na,3,2\n", "listed twice");
  expectBad("ID,CellID,Labels\na,3,1\nnope,1,2\n", "line 3");
  expectBad("ID,CellID,Labels\na,3,1\na,8,2\n", "no cell 8");
  expectBad("ID,Labels\na,1\n", "CellID");
}

TEST(Project, NewerSchemaIsRefused) {
  TempDir dir;
  { smallProject(dir / "proj"); }
  ASSERT_FALSE(fs::exists(dir / "proj" / "project.sqlite-wal"));
  patchHeader(dir / "proj" / "project.sqlite", 60, Project::kSchemaVersion + 1);
  const std::string e = errorOf([&] { Project::open(dir / "proj"); });
  EXPECT_NE(e.find("newer CellCAM"), std::string::npos) << e;
  EXPECT_NE(e.find("project.sqlite"), std::string::npos) << e;
  EXPECT_TRUE(backupsIn(dir / "proj").empty());
  // Another program's SQLite database is not mistaken for a damaged project either.
  patchHeader(dir / "proj" / "project.sqlite", 60, 1);
  patchHeader(dir / "proj" / "project.sqlite", 68, 0x12345678);
  EXPECT_NE(errorOf([&] { Project::open(dir / "proj"); }).find("another program"),
            std::string::npos);
  patchHeader(dir / "proj" / "project.sqlite", 68, 0x43434D50);
  EXPECT_NO_THROW(Project::open(dir / "proj"));
}

TEST(Project, GarbageDatabaseIsBackedUpWithAClearError) {
  TempDir dir;
  fs::create_directories(dir / "proj");
  std::string garbage;
  for (int i = 0; i < 500; ++i) garbage += "not a database ";
  test::writeText(dir / "proj" / "project.sqlite", garbage);
  const std::string e = errorOf([&] { Project::open(dir / "proj"); });
  const auto backups = backupsIn(dir / "proj");
  ASSERT_EQ(backups.size(), 1u) << e;
  EXPECT_NE(e.find("damaged"), std::string::npos) << e;
  EXPECT_NE(e.find(backups[0].string()), std::string::npos) << e;
  EXPECT_NE(e.find("restore"), std::string::npos) << e;
  EXPECT_EQ(test::readBytes(backups[0]), garbage);
  // The original stays where it was.
  EXPECT_EQ(test::readBytes(dir / "proj" / "project.sqlite"), garbage);
}

TEST(Project, TruncatedDatabaseIsBackedUpWithAClearError) {
  TempDir dir;
  {
    Project p = smallProject(dir / "proj");
    CellLabelMap many;
    for (int id = 1; id <= 3000; ++id) many[id] = {id % 18};
    p.replaceCellLabels("b", many);
    for (int i = 0; i < 50; ++i)
      p.addRun({0, "run " + std::to_string(i), "train", std::string(500, '{'), "{}", "/x",
                "finished", "", ""});
  }
  const fs::path file = dir / "proj" / "project.sqlite";
  const auto size = fs::file_size(file);
  ASSERT_GT(size, 40000u);
  fs::resize_file(file, size / 3);
  const std::string e = errorOf([&] { Project::open(dir / "proj"); });
  const auto backups = backupsIn(dir / "proj");
  ASSERT_EQ(backups.size(), 1u) << e;
  EXPECT_NE(e.find("damaged"), std::string::npos) << e;
  EXPECT_NE(e.find(file.string()), std::string::npos) << e;
  EXPECT_NE(e.find(backups[0].string()), std::string::npos) << e;
  EXPECT_EQ(fs::file_size(backups[0]), size / 3);
}

TEST(Project, RunsAndEnsembles) {
  TempDir dir;
  {
    Project p = smallProject(dir / "proj");
    RunRecord r;
    r.name = "demo";
    r.kind = "train";
    r.configJson = R"({"epochs": 3})";
    r.runDir = "/runs/demo";
    const long long id = p.addRun(r);
    EXPECT_GT(id, 0);
    const long long id2 = p.addRun({0, "fit", "fit-mapping", "{}", "", "/runs/fit", "", "", ""});
    EXPECT_GT(id2, id);
    auto runs = p.runs();
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].status, "running");
    EXPECT_FALSE(runs[0].startedAt.empty());
    runs[0].status = "finished";
    runs[0].metricsJson = R"({"mAP": 0.5})";
    runs[0].finishedAt = "2026-01-01T00:00:00.000Z";
    p.updateRun(runs[0]);
    RunRecord missing = runs[0];
    missing.id = 999;
    EXPECT_NE(errorOf([&] { p.updateRun(missing); }).find("no run 999"), std::string::npos);
    RunRecord badKind = runs[1];
    badKind.kind = "dance";
    EXPECT_NE(errorOf([&] { p.updateRun(badKind); }).find("run kind \"dance\" is unknown"),
              std::string::npos);
    RunRecord segment = runs[1];
    segment.kind = "segment";
    p.updateRun(segment);  // the studio records dataset segmentations too
    EXPECT_EQ(p.runs()[1].kind, "segment");
    p.updateRun(runs[1]);
    RunRecord badStatus = r;
    badStatus.status = "sleeping";
    EXPECT_THROW(p.addRun(badStatus), Error);
    EXPECT_EQ(p.saveEnsemble("folds", R"({"families": []})"), 1);
    EXPECT_EQ(p.saveEnsemble("all", "{}"), 2);
    EXPECT_EQ(p.saveEnsemble("folds", R"({"families": [1]})"), 1);
    EXPECT_THROW(p.saveEnsemble("", "{}"), Error);
  }
  Project p = Project::open(dir / "proj");
  const auto runs = p.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].name, "demo");
  EXPECT_EQ(runs[0].status, "finished");
  EXPECT_EQ(runs[0].metricsJson, R"({"mAP": 0.5})");
  EXPECT_EQ(runs[0].configJson, R"({"epochs": 3})");
  EXPECT_EQ(runs[0].runDir, "/runs/demo");
  EXPECT_EQ(runs[0].finishedAt, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(runs[1].kind, "fit-mapping");
  const auto ensembles = p.ensembles();
  ASSERT_EQ(ensembles.size(), 2u);
  EXPECT_EQ(ensembles[0].name, "all");
  EXPECT_EQ(ensembles[1].json, R"({"families": [1]})");
}

TEST(Project, ChangingTheSegmentationDropsAnnotationsOfVanishedIds) {
  TempDir dir;
  Project p = smallProject(dir / "proj");
  p.setCellLabels("a", {2, 5}, {1});
  p.setCells("a", "builtin:{}", {{1, 1, 0, 0}, {2, 1, 0, 0}});  // same key: kept
  EXPECT_EQ(p.cellLabels("a").size(), 2u);
  p.setCells("a", "labels:/x", {{1, 1, 0, 0}, {2, 1, 0, 0}});
  EXPECT_EQ(p.cellLabels("a"), (CellLabelMap{{2, {1}}}));
  EXPECT_THROW(p.setCells("a", "k", {{1, 1, 0, 0}, {1, 1, 0, 0}}), Error);
}

TEST(Project, DescribeCellsGivesAreasAndCentroids) {
  cv::Mat labels(4, 5, CV_32S, cv::Scalar(0));
  labels.at<std::int32_t>(0, 0) = 3;
  labels.at<std::int32_t>(0, 1) = 3;
  labels.at<std::int32_t>(2, 4) = 7;
  labels.at<std::int32_t>(3, 4) = 7;
  labels.at<std::int32_t>(3, 3) = 7;
  const auto cells = describeCells(labels);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0].cellId, 3);
  EXPECT_EQ(cells[0].area, 2);
  EXPECT_DOUBLE_EQ(cells[0].centroidX, 0.5);
  EXPECT_DOUBLE_EQ(cells[0].centroidY, 0.0);
  EXPECT_EQ(cells[1].cellId, 7);
  EXPECT_EQ(cells[1].area, 3);
  EXPECT_DOUBLE_EQ(cells[1].centroidX, 11.0 / 3.0);
  EXPECT_DOUBLE_EQ(cells[1].centroidY, 8.0 / 3.0);
  cv::Mat wide;
  labels.convertTo(wide, CV_16U);
  EXPECT_EQ(describeCells(wide).size(), 2u);
  EXPECT_THROW(describeCells(cv::Mat(2, 2, CV_8UC3)), Error);
}

TEST(AnnotatedCellMetric, HandExample) {
  // Cells (image x): 1 {0}, 2 {0, 1}, 3 {1}, 4 {18}; cell 5 annotated but not predicted;
  // cell 6 predicted but not annotated.
  const AnnotationMap truth{{"x", {{1, {0}}, {2, {0, 1}}, {3, {1}}, {4, {18}}, {5, {2}}}}};
  const auto pred = [](int cell, float p0, float p1, float p18) {
    CellPrediction c;
    c.imageId = "x";
    c.cellId = cell;
    c.probabilities.assign(kNumClasses, 0.0f);
    c.probabilities[0] = p0;
    c.probabilities[1] = p1;
    c.probabilities[18] = p18;
    return c;
  };
  const std::vector<CellPrediction> predictions{
      pred(1, 0.9f, 0.1f, 0.0f), pred(2, 0.3f, 0.8f, 0.1f), pred(3, 0.5f, 0.2f, 0.2f),
      pred(4, 0.1f, 0.6f, 0.9f), pred(6, 1.0f, 1.0f, 1.0f)};
  const AnnotatedCellMetric m = evaluateAnnotatedCells(predictions, truth);
  EXPECT_EQ(m.cellsScored, 4);
  EXPECT_EQ(m.cellsUnpredicted, 1);
  ASSERT_EQ(m.metric.perClass.size(), 19u);
  // Class 0 ranks 1 (hit), 3 (miss), 2 (hit), 4: precision 1, then 2/3 at recall 1.
  EXPECT_NEAR(m.metric.perClass[0].ap, 0.5 * 1.0 + 0.5 * (2.0 / 3.0), 1e-9);
  EXPECT_EQ(m.metric.perClass[0].groundTruth, 2);
  // Class 1 ranks 2 (hit), 4 (miss), 3 (hit), 1: the same shape.
  EXPECT_NEAR(m.metric.perClass[1].ap, 0.5 + 0.5 * (2.0 / 3.0), 1e-9);
  // Class 18 ranks 4 first: AP 1.
  EXPECT_NEAR(m.metric.perClass[18].ap, 1.0, 1e-9);
  EXPECT_EQ(m.metric.perClass[2].groundTruth, 0);  // cell 5 was not predicted
  EXPECT_EQ(m.metric.classesScored, 3);
  EXPECT_NEAR(m.metric.mAP, (2 * (0.5 + 1.0 / 3.0) + 1.0) / 3.0, 1e-9);

  auto twice = predictions;
  twice.push_back(pred(1, 0, 0, 0));
  EXPECT_THROW(evaluateAnnotatedCells(twice, truth), Error);
  auto shortRow = predictions;
  shortRow[0].probabilities.resize(3);
  EXPECT_THROW(evaluateAnnotatedCells(shortRow, truth), Error);
}

// A process that commits annotations one by one and reports each committed count through a
// pipe is killed (SIGKILL) mid-way: every reported annotation must be there after reopening,
// and the database must pass its check.
TEST(Project, SurvivesSigkillDuringAnnotation) {
  TempDir dir;
  { Project::create(dir / "proj", {}).addImages({{"img", "train", {1}}}); }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    try {
      Project p = Project::open(dir / "proj");
      for (int i = 1; i <= 100000; ++i) {
        p.setCellLabels("img", {i}, {i % kNegativeClass});
        if (write(fds[1], &i, sizeof i) != static_cast<ssize_t>(sizeof i)) _exit(3);
      }
    } catch (...) {
      _exit(2);
    }
    _exit(0);
  }
  close(fds[1]);
  int last = 0, value = 0;
  while (last < 300 && read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value))
    last = value;
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended before the kill (status " << status << ")";
  while (read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value)) last = value;
  close(fds[0]);
  ASSERT_GE(last, 300);

  Project p = Project::open(dir / "proj");  // runs quick_check; throws if damaged
  const CellLabelMap labels = p.cellLabels("img");
  for (int i = 1; i <= last; ++i) {
    const auto it = labels.find(i);
    ASSERT_NE(it, labels.end()) << "committed annotation " << i << " of " << last << " is lost";
    EXPECT_EQ(it->second, (std::vector<int>{i % kNegativeClass}));
  }
  EXPECT_LE(labels.size(), static_cast<std::size_t>(last) + 1);
  EXPECT_TRUE(backupsIn(dir / "proj").empty());
  p.setCellLabels("img", {1}, {3});  // still writable
}

// Annotated cells of a multi-label training image and of a test image add rows to the fit.
TEST(FitMappingAnnotations, AnnotatedCellsAddRows) {
  TempDir dir;
  SynthOptions synth;
  synth.out = dir / "data";
  synth.trainImages = 8;
  synth.testImages = 1;
  synth.size = 96;
  synth.seed = 5;
  synth.threads = 1;
  NullProgress progress;
  CancelToken cancel;
  writeSynthDataset(synth, progress, cancel);
  ModelConfig config;
  config.backbone = "resnet18";
  config.inputSize = 64;
  CamModel::create(config).save(dir / "model.pt");

  FitMappingOptions options;
  options.maxImages = 2;
  options.tta.scales = {1.0};
  options.tta.flips = false;
  options.tta.workSize = 96;
  options.mapping.gbr.rounds = 5;
  options.out = dir / "plain.mapping.json";
  const FitMappingSummary plain =
      fitMapping(dir / "model.pt", dir / "data", options, progress, cancel);
  EXPECT_EQ(plain.annotatedCells, 0);
  EXPECT_EQ(plain.images, 2);
  EXPECT_EQ(plain.rows, plain.cells * kNumClasses);

  // Pick a multi-label training image and the test image; annotate two of their cells each,
  // using the cell ids of the same segmentation the fit uses.
  const Dataset dataset = Dataset::open(dir / "data");
  std::vector<const ImageRecord*> chosen;
  for (const ImageRecord& r : dataset.images())
    if (r.split == Split::Train && r.labels.size() > 1) {
      chosen.push_back(&r);
      break;
    }
  for (const ImageRecord& r : dataset.images())
    if (r.split == Split::Test) chosen.push_back(&r);
  ASSERT_EQ(chosen.size(), 2u) << "the synthetic data has no multi-label training image";
  // Through a project, as the studio does it: record the cells, annotate, load.
  {
    Project project = Project::create(dir / "proj", dir / "data");
    for (const ImageRecord* r : chosen) {
      const cv::Mat labels = segmentCells(readChannels(dataset, *r), options.segmentation);
      const std::vector<ProjectCell> cells = describeCells(labels);
      ASSERT_GE(cells.size(), 2u) << r->id;
      project.setCells(r->id, "builtin:default", cells);
      project.setCellLabels(r->id, {cells.front().cellId}, {3});
      project.setCellLabels(r->id, {cells.back().cellId}, {kNegativeClass});
    }
  }
  options.annotations = loadAnnotations(dir / "proj");
  ASSERT_EQ(options.annotations.size(), 2u);
  options.annotations[chosen[1]->id][60000] = {2};  // no such cell
  options.out = dir / "annotated.mapping.json";
  const FitMappingSummary annotated =
      fitMapping(dir / "model.pt", dir / "data", options, progress, cancel);
  EXPECT_EQ(annotated.images, 4);
  EXPECT_EQ(annotated.annotatedImages, 2);
  EXPECT_EQ(annotated.annotatedCells, 4);
  EXPECT_EQ(annotated.unmatchedAnnotations, 1);
  EXPECT_EQ(annotated.rows, plain.rows + 4 * kNumClasses);

  options.annotations["no-such-image"][1] = {1};
  EXPECT_NE(errorOf([&] {
              fitMapping(dir / "model.pt", dir / "data", options, progress, cancel);
            }).find("no-such-image"),
            std::string::npos);
}

}  // namespace
}  // namespace cellcam
