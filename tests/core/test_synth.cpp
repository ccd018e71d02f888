#include <set>
#include <sstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cellcam/classes.h"
#include "cellcam/csv.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/oid_mask.h"
#include "cellcam/synth.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

using test::TempDir;

bool same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

std::set<int> cellIds(const cv::Mat& labels) {
  std::set<int> ids;
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x)
      if (int v = labels.at<std::uint16_t>(y, x)) ids.insert(v);
  return ids;
}

SynthSummary writeDataset(const std::filesystem::path& out, int train, int test, int size,
                          std::uint64_t seed, bool bit16, int threads) {
  SynthOptions o;
  o.out = out;
  o.trainImages = train;
  o.testImages = test;
  o.size = size;
  o.seed = seed;
  o.bit16 = bit16;
  o.threads = threads;
  NullProgress progress;
  CancelToken cancel;
  return writeSynthDataset(o, progress, cancel);
}

TEST(SynthImage, IsDeterministicForASeed) {
  const SynthImage a = synthesizeImage(256, 42, false), b = synthesizeImage(256, 42, false);
  EXPECT_EQ(a.id, b.id);
  EXPECT_TRUE(same(a.red, b.red));
  EXPECT_TRUE(same(a.green, b.green));
  EXPECT_TRUE(same(a.blue, b.blue));
  EXPECT_TRUE(same(a.yellow, b.yellow));
  EXPECT_TRUE(same(a.labels, b.labels));
  EXPECT_EQ(a.cellLabels, b.cellLabels);
  const SynthImage c = synthesizeImage(256, 43, false);
  EXPECT_NE(a.id, c.id);
  EXPECT_FALSE(same(a.green, c.green));
}

TEST(SynthImage, GroundTruthIsConsistent) {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const SynthImage img = synthesizeImage(192, seed, seed % 2 == 0);
    ASSERT_EQ(img.labels.type(), CV_16U);
    ASSERT_EQ(img.green.depth(), seed % 2 == 0 ? CV_16U : CV_8U);
    ASSERT_EQ(img.green.size(), cv::Size(192, 192));
    ASSERT_FALSE(img.cellLabels.empty());
    // Cells are numbered 1..N without gaps and each has at least one valid label.
    const std::set<int> ids = cellIds(img.labels);
    ASSERT_EQ(ids.size(), img.cellLabels.size());
    EXPECT_EQ(*ids.begin(), 1);
    EXPECT_EQ(*ids.rbegin(), static_cast<int>(img.cellLabels.size()));
    std::set<int> unionOfCells;
    for (const auto& labels : img.cellLabels) {
      ASSERT_FALSE(labels.empty());
      for (int l : labels) {
        EXPECT_GE(l, 0);
        EXPECT_LT(l, kNumClasses);
        unionOfCells.insert(l);
      }
      // Negative never mixes with a positive class in one cell.
      if (labels.size() > 1) {
        EXPECT_EQ(std::count(labels.begin(), labels.end(), kNegativeClass), 0);
      }
    }
    EXPECT_EQ(std::vector<int>(unionOfCells.begin(), unionOfCells.end()), img.imageLabels);
  }
}

TEST(SynthImage, DrawsHeterogeneousTouchingCellsOfManyClasses) {
  std::set<int> classes;
  int twoPatternImages = 0, mixedNegativeImages = 0, touchingImages = 0;
  for (std::uint64_t seed = 100; seed < 160; ++seed) {
    const SynthImage img = synthesizeImage(128, seed, false);
    classes.insert(img.imageLabels.begin(), img.imageLabels.end());
    int positives = 0;
    for (int l : img.imageLabels) positives += l != kNegativeClass;
    twoPatternImages += positives >= 2;
    mixedNegativeImages += positives >= 1 && std::count(img.imageLabels.begin(),
                                                        img.imageLabels.end(), kNegativeClass);
    bool touching = false;
    for (int y = 0; y < img.labels.rows && !touching; ++y)
      for (int x = 1; x < img.labels.cols && !touching; ++x) {
        const int a = img.labels.at<std::uint16_t>(y, x - 1),
                  b = img.labels.at<std::uint16_t>(y, x);
        touching = a && b && a != b;
      }
    touchingImages += touching;
  }
  EXPECT_GE(classes.size(), 10u);
  EXPECT_GT(twoPatternImages, 0);
  EXPECT_GT(mixedNegativeImages, 0);
  EXPECT_GT(touchingImages, 30);
}

// The green stain follows the class: nucleoplasm lights the nucleus, cytosol the cytoplasm.
TEST(SynthImage, PatternsSitInTheirCompartment) {
  int checkedNuclear = 0, checkedCytosolic = 0;
  for (std::uint64_t seed = 1; seed < 400 && (checkedNuclear < 5 || checkedCytosolic < 5); ++seed) {
    const SynthImage img = synthesizeImage(256, seed, false);
    for (std::size_t k = 0; k < img.cellLabels.size(); ++k) {
      const auto& labels = img.cellLabels[k];
      if (labels.size() != 1 || (labels[0] != 0 && labels[0] != 16)) continue;
      cv::Mat cell = img.labels == static_cast<int>(k + 1);
      cv::Mat nucleus = cell & (img.blue > 60);
      cv::Mat cytoplasm = cell & (img.blue < 15);
      if (cv::countNonZero(nucleus) < 20 || cv::countNonZero(cytoplasm) < 20) continue;
      const double inNucleus = cv::mean(img.green, nucleus)[0];
      const double inCytoplasm = cv::mean(img.green, cytoplasm)[0];
      if (labels[0] == 0) {
        EXPECT_GT(inNucleus, 2.0 * inCytoplasm) << "seed " << seed << " cell " << k + 1;
        ++checkedNuclear;
      } else {
        EXPECT_GT(inCytoplasm, 2.0 * inNucleus) << "seed " << seed << " cell " << k + 1;
        ++checkedCytosolic;
      }
    }
  }
  EXPECT_GE(checkedNuclear, 5);
  EXPECT_GE(checkedCytosolic, 5);
}

TEST(SynthImage, RejectsBadSize) { EXPECT_THROW(synthesizeImage(16, 1, false), Error); }

TEST(SynthDataset, WritesTheKaggleLayoutWithConsistentGroundTruth) {
  TempDir dir;
  const auto out = dir / "ds";
  const SynthSummary summary = writeDataset(out, 5, 4, 160, 9, false, 2);
  EXPECT_EQ(summary.trainImages, 5);
  EXPECT_EQ(summary.testImages, 4);

  const Dataset dataset = Dataset::openKaggle(out);
  ASSERT_EQ(dataset.count(Split::Train), 5u);
  ASSERT_EQ(dataset.count(Split::Test), 4u);
  for (const auto& image : dataset.images()) {
    if (image.split == Split::Train) {
      EXPECT_FALSE(image.labels.empty());
    }
    for (Channel channel : kRgbyChannels) {
      const cv::Mat m =
          cv::imread(dataset.channelFile(image, channel).string(), cv::IMREAD_UNCHANGED);
      ASSERT_FALSE(m.empty()) << dataset.channelFile(image, channel);
      EXPECT_EQ(m.type(), CV_8UC1);
      EXPECT_EQ(m.size(), cv::Size(160, 160));
    }
  }

  // test_gt.csv: one row per test image in sample_submission order; its masks are exactly the
  // cells of the label image, each with one or more labels at confidence 1.
  const CsvTable gt = readCsv(out / "test_gt.csv");
  const CsvTable sample = readCsv(out / "sample_submission.csv");
  ASSERT_EQ(gt.rows.size(), 4u);
  long long cells = 0;
  for (std::size_t r = 0; r < gt.rows.size(); ++r) {
    const std::string id = gt.rows[r][0];
    EXPECT_EQ(id, sample.rows[r][0]);
    EXPECT_EQ(gt.rows[r][1], "160");
    const cv::Mat labels =
        cv::imread((out / "test_masks" / (id + ".png")).string(), cv::IMREAD_UNCHANGED);
    ASSERT_EQ(labels.type(), CV_16UC1);
    const std::set<int> ids = cellIds(labels);
    cells += static_cast<long long>(ids.size());
    std::istringstream triples(gt.rows[r][3]);
    std::string label, confidence, mask;
    std::set<int> covered;
    while (triples >> label >> confidence >> mask) {
      EXPECT_EQ(confidence, "1");
      const int l = std::stoi(label);
      EXPECT_TRUE(l >= 0 && l < kNumClasses);
      const cv::Mat decoded = decodeOidMask(mask, 160, 160);
      cv::Mat under16 = labels.clone();
      under16.setTo(0, decoded == 0);
      const std::set<int> under = cellIds(under16);  // cell ids under the mask
      ASSERT_EQ(under.size(), 1u) << "a ground-truth mask covers several cells";
      const int cell = *under.begin();
      EXPECT_EQ(cv::countNonZero(decoded), cv::countNonZero(labels == cell));
      covered.insert(cell);
    }
    EXPECT_EQ(covered, ids) << "every cell of the label image has ground truth";
  }
  EXPECT_GT(cells, 0);
  EXPECT_GT(summary.cells, cells);  // the summary counts train cells too
}

TEST(SynthDataset, IsDeterministicWhateverTheThreadCount) {
  TempDir dir;
  writeDataset(dir / "a", 3, 3, 96, 77, true, 1);
  writeDataset(dir / "b", 3, 3, 96, 77, true, 2);
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "a"))
    if (entry.is_regular_file())
      files.push_back(std::filesystem::relative(entry.path(), dir / "a").string());
  EXPECT_EQ(files.size(), 6u * 4 + 3 + 4);  // channels, masks, train/sample/gt/synth.json
  for (const auto& f : files)
    EXPECT_EQ(test::readBytes(dir / "a" / f), test::readBytes(dir / "b" / f)) << f;
  const cv::Mat green = cv::imread(
      (dir / "a").string() + "/train/" + readCsv(dir / "a" / "train.csv").rows[0][0] + "_green.png",
      cv::IMREAD_UNCHANGED);
  EXPECT_EQ(green.type(), CV_16UC1);
}

TEST(SynthDataset, RefusesToOverwriteADataset) {
  TempDir dir;
  writeDataset(dir / "ds", 1, 1, 64, 1, false, 1);
  try {
    writeDataset(dir / "ds", 1, 1, 64, 2, false, 1);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--overwrite"), std::string::npos) << e.what();
  }
  SynthOptions o;
  o.out = dir / "ds";
  o.trainImages = 1;
  o.testImages = 0;
  o.size = 64;
  o.overwrite = true;
  NullProgress progress;
  CancelToken cancel;
  EXPECT_NO_THROW(writeSynthDataset(o, progress, cancel));
}

TEST(SynthDataset, StopsWhenCancelled) {
  TempDir dir;
  SynthOptions o;
  o.out = dir / "ds";
  o.trainImages = 20;
  NullProgress progress;
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(writeSynthDataset(o, progress, cancel), Cancelled);
  EXPECT_FALSE(std::filesystem::exists(dir / "ds" / "train.csv"));
}

TEST(SynthDataset, UnwritableFolderIsAClearError) {
  TempDir dir;
  test::writeText(dir / "file", "x");
  SynthOptions o;
  o.out = dir / "file" / "ds";  // parent is a file
  NullProgress progress;
  CancelToken cancel;
  try {
    writeSynthDataset(o, progress, cancel);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "file").string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cellcam
