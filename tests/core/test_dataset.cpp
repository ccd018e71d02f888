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

}  // namespace
}  // namespace cellcam
