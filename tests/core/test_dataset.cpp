#include "cellcam/dataset.h"
#include "cellcam/error.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

using test::TempDir;
using test::writeText;

std::string openError(const std::filesystem::path& root) {
  try {
    Dataset::openKaggle(root);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Dataset, OpensKaggleLayout) {
  TempDir dir;
  writeText(dir / "train.csv", "ID,Label\nimg1,0|16\nimg2,18\n");
  writeText(dir / "sample_submission.csv",
            "ID,ImageWidth,ImageHeight,PredictionString\nt1,2048,1728,\n");
  std::filesystem::create_directories(dir / "train");
  writeText(dir / "test/t1_green.jpg", "x");
  const Dataset d = Dataset::openKaggle(dir.path());
  ASSERT_EQ(d.images().size(), 3u);
  EXPECT_EQ(d.count(Split::Train), 2u);
  EXPECT_EQ(d.count(Split::Test), 1u);
  EXPECT_EQ(d.images()[0].labels, (std::vector<int>{0, 16}));
  EXPECT_EQ(d.images()[2].width, 2048);
  EXPECT_EQ(d.images()[2].height, 1728);
  EXPECT_EQ(d.channelFile(d.images()[2], Channel::Green), dir / "test/t1_green.jpg");
  EXPECT_EQ(d.channelFile(d.images()[2], Channel::Red), dir / "test/t1_red.png");
}

TEST(Dataset, MissingFolderNamesItAndTheFix) {
  TempDir dir;
  const std::string m = openError(dir / "nope");
  EXPECT_NE(m.find((dir / "nope").string()), std::string::npos) << m;
  EXPECT_NE(m.find("folder not found"), std::string::npos) << m;
}

TEST(Dataset, FolderWithoutCsvIsRejected) {
  TempDir dir;
  EXPECT_NE(openError(dir.path()).find("neither train.csv nor sample_submission.csv"),
            std::string::npos);
}

TEST(Dataset, BadLabelNamesFileAndLine) {
  TempDir dir;
  writeText(dir / "train.csv", "ID,Label\na,1\nb,19\n");
  std::filesystem::create_directories(dir / "train");
  const std::string m = openError(dir.path());
  EXPECT_NE(m.find("train.csv line 3"), std::string::npos) << m;
  EXPECT_NE(m.find("'19'"), std::string::npos) << m;
}

TEST(Dataset, DuplicateIdIsRejected) {
  TempDir dir;
  writeText(dir / "train.csv", "ID,Label\na,1\na,2\n");
  std::filesystem::create_directories(dir / "train");
  const std::string m = openError(dir.path());
  EXPECT_NE(m.find("line 3"), std::string::npos) << m;
  EXPECT_NE(m.find("appears twice"), std::string::npos) << m;
}

TEST(Dataset, MissingImageFolderIsRejected) {
  TempDir dir;
  writeText(dir / "train.csv", "ID,Label\na,1\n");
  const std::string m = openError(dir.path());
  EXPECT_NE(m.find((dir / "train").string()), std::string::npos) << m;
}

TEST(Dataset, BadImageSizeIsRejected) {
  TempDir dir;
  writeText(dir / "sample_submission.csv",
            "ID,ImageWidth,ImageHeight,PredictionString\nt1,wide,100,\n");
  std::filesystem::create_directories(dir / "test");
  const std::string m = openError(dir.path());
  EXPECT_NE(m.find("line 2"), std::string::npos) << m;
  EXPECT_NE(m.find("ImageWidth"), std::string::npos) << m;
}

TEST(Dataset, MissingColumnIsRejected) {
  TempDir dir;
  writeText(dir / "train.csv", "Id,Labels\na,1\n");
  std::filesystem::create_directories(dir / "train");
  EXPECT_NE(openError(dir.path()).find("no column 'ID'"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Plain folders and layout detection

std::string errorOf(void (*open)(const std::filesystem::path&), const std::filesystem::path& root) {
  try {
    open(root);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void openAny(const std::filesystem::path& root) { Dataset::open(root); }
void openPlain(const std::filesystem::path& root) { Dataset::openFolder(root); }

TEST(Dataset, OpensPlainFolderSortedById) {
  TempDir dir;
  writeText(dir / "b_red.png", "x");
  writeText(dir / "b_green.png", "x");
  writeText(dir / "a_red.tif", "x");
  writeText(dir / "a_red.jpg", "x");  // same ID twice: one image, .jpg comes first
  writeText(dir / "c.x_red.TIFF", "x");
  writeText(dir / "d_green.png", "x");                     // no red file: not an image
  writeText(dir / "notes.txt", "x");                       // not a channel file
  writeText(dir / "e_red.bmp", "x");                       // not a supported extension
  writeText(dir / "._f_red.png", "x");                     // hidden (macOS resource fork)
  writeText(dir / "sub/g_red.png", "x");                   // not recursive
  std::filesystem::create_directories(dir / "h_red.png");  // a folder, not a file
  const Dataset d = Dataset::openFolder(dir.path());
  EXPECT_EQ(d.layout(), DatasetLayout::Folder);
  EXPECT_EQ(d.root(), dir.path());
  ASSERT_EQ(d.images().size(), 3u);
  EXPECT_EQ(d.images()[0].id, "a");
  EXPECT_EQ(d.images()[1].id, "b");
  EXPECT_EQ(d.images()[2].id, "c.x");
  EXPECT_EQ(d.count(Split::Test), 3u);
  EXPECT_EQ(d.count(Split::Train), 0u);
  for (const auto& image : d.images()) {
    EXPECT_EQ(image.split, Split::Test);
    EXPECT_TRUE(image.labels.empty());
    EXPECT_EQ(image.width, 0);
    EXPECT_EQ(image.height, 0);
  }
  EXPECT_EQ(d.channelFile(d.images()[0], Channel::Red), dir / "a_red.jpg");
  EXPECT_EQ(d.channelFile(d.images()[0], Channel::Yellow), dir / "a_yellow.png");  // missing
  EXPECT_EQ(d.channelFile(d.images()[1], Channel::Green), dir / "b_green.png");
  EXPECT_EQ(d.channelFile(d.images()[2], Channel::Red), dir / "c.x_red.TIFF");
}

TEST(Dataset, PlainFolderWithoutImagesIsRejected) {
  TempDir dir;
  writeText(dir / "x_green.png", "x");
  std::string m = errorOf(openPlain, dir.path());
  EXPECT_EQ(m.find(dir.path().string()), 0u) << m;
  EXPECT_NE(m.find("holds no channel images named {ID}_red.png"), std::string::npos) << m;
  std::filesystem::create_directories(dir / "train");
  m = errorOf(openPlain, dir.path());
  EXPECT_NE(m.find("add train.csv or sample_submission.csv"), std::string::npos) << m;
  m = errorOf(openPlain, dir / "missing");
  EXPECT_NE(m.find((dir / "missing").string() + ": folder not found"), std::string::npos) << m;
  m = errorOf(openPlain, dir / "x_green.png");
  EXPECT_NE(m.find("is not a folder"), std::string::npos) << m;
}

TEST(Dataset, OpenDetectsKaggleLayout) {
  TempDir dir;
  writeText(dir / "train.csv", "ID,Label\nimg1,0|16\n");
  writeText(dir / "train/img1_red.png", "x");
  writeText(dir / "stray_red.png", "x");  // ignored: the CSV decides
  const Dataset d = Dataset::open(dir.path());
  EXPECT_EQ(d.layout(), DatasetLayout::Kaggle);
  ASSERT_EQ(d.images().size(), 1u);
  EXPECT_EQ(d.images()[0].id, "img1");
  EXPECT_EQ(d.channelFile(d.images()[0], Channel::Red), dir / "train/img1_red.png");

  TempDir testOnly;
  writeText(testOnly / "sample_submission.csv",
            "ID,ImageWidth,ImageHeight,PredictionString\nt1,64,64,\n");
  std::filesystem::create_directories(testOnly / "test");
  const Dataset t = Dataset::open(testOnly.path());
  EXPECT_EQ(t.layout(), DatasetLayout::Kaggle);
  EXPECT_EQ(t.channelFile(t.images()[0], Channel::Blue), testOnly / "test/t1_blue.png");
  // Kaggle errors come through unchanged.
  writeText(testOnly / "sample_submission.csv",
            "ID,ImageWidth,ImageHeight,PredictionString\nt1,wide,64,\n");
  EXPECT_NE(errorOf(openAny, testOnly.path()).find("ImageWidth"), std::string::npos);
}

TEST(Dataset, OpenFallsBackToPlainFolder) {
  TempDir dir;
  writeText(dir / "z_red.png", "x");
  writeText(dir / "y_red.jpeg", "x");
  const Dataset d = Dataset::open(dir.path());
  EXPECT_EQ(d.layout(), DatasetLayout::Folder);
  ASSERT_EQ(d.images().size(), 2u);
  EXPECT_EQ(d.images()[0].id, "y");
  EXPECT_EQ(d.channelFile(d.images()[0], Channel::Red), dir / "y_red.jpeg");
  EXPECT_EQ(d.channelFile(d.images()[1], Channel::Blue), dir / "z_blue.png");
}

TEST(Dataset, OpenRejectsEmptyMissingAndFile) {
  TempDir dir;
  std::string m = errorOf(openAny, dir.path());
  EXPECT_EQ(m.find(dir.path().string()), 0u) << m;
  EXPECT_NE(m.find("neither train.csv nor sample_submission.csv nor channel images"),
            std::string::npos)
      << m;
  std::filesystem::create_directories(dir / "test");
  m = errorOf(openAny, dir.path());
  EXPECT_NE(m.find("neither train.csv nor sample_submission.csv"), std::string::npos) << m;
  EXPECT_NE(m.find("add train.csv or sample_submission.csv"), std::string::npos) << m;
  m = errorOf(openAny, dir / "nope");
  EXPECT_NE(m.find((dir / "nope").string() + ": folder not found"), std::string::npos) << m;
  writeText(dir / "file.csv", "x");
  m = errorOf(openAny, dir / "file.csv");
  EXPECT_NE(m.find("is not a folder"), std::string::npos) << m;
}

}  // namespace
}  // namespace cellcam
