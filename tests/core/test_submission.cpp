#include <opencv2/core.hpp>

#include "cellcam/error.h"
#include "cellcam/oid_mask.h"
#include "cellcam/submission.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

using test::TempDir;
using test::writeText;

std::string mask(int height, int width) {
  cv::Mat m = cv::Mat::zeros(height, width, CV_8U);
  m(cv::Rect(1, 1, 2, 2)).setTo(255);
  return encodeOidMask(m);
}

TEST(PredictionString, RoundTripsWithExactConfidences) {
  const std::vector<Instance> in{{0, 0.1, "abc="}, {18, 1.0, "x"}, {7, 0.123456789012345, "y"}};
  const std::string text = formatPredictionString(in);
  EXPECT_EQ(text.substr(0, 12), "0 0.1 abc= 1");
  std::vector<Instance> out;
  std::string problem;
  ASSERT_TRUE(parsePredictionString(text, out, &problem)) << problem;
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].label, 18);
  EXPECT_EQ(out[2].confidence, 0.123456789012345);
  EXPECT_EQ(out[0].mask, "abc=");
  ASSERT_TRUE(parsePredictionString("", out, &problem));
  EXPECT_TRUE(out.empty());
}

TEST(PredictionString, RejectsBadTriples) {
  for (const char* bad : {"0 1", "19 0.5 m", "-1 0.5 m", "x 0.5 m", "3 1.5 m", "3 -0.1 m",
                          "3 nan m", "3 inf m", "3 0.5x m", "1.0 0.5 m"}) {
    std::vector<Instance> out;
    std::string problem;
    EXPECT_FALSE(parsePredictionString(bad, out, &problem)) << bad;
    EXPECT_FALSE(problem.empty()) << bad;
  }
}

TEST(Submission, WriteThenReadKeepsEverything) {
  TempDir dir;
  Submission s;
  s.rows.push_back({"img1", 16, 8, {{3, 0.25, mask(8, 16)}, {18, 0.75, mask(8, 16)}}});
  s.rows.push_back({"img2", 4, 4, {}});
  writeSubmission(dir / "sub.csv", s);
  const Submission back = readSubmission(dir / "sub.csv");
  ASSERT_EQ(back.rows.size(), 2u);
  EXPECT_EQ(back.rows[0].id, "img1");
  EXPECT_EQ(back.rows[0].width, 16);
  EXPECT_EQ(back.rows[0].height, 8);
  ASSERT_EQ(back.rows[0].instances.size(), 2u);
  EXPECT_EQ(back.rows[0].instances[1].label, 18);
  EXPECT_EQ(back.rows[0].instances[1].confidence, 0.75);
  EXPECT_EQ(back.rows[0].instances[1].mask, mask(8, 16));
  EXPECT_TRUE(back.rows[1].instances.empty());
  EXPECT_EQ(test::readBytes(dir / "sub.csv").substr(0, 42),
            "ID,ImageWidth,ImageHeight,PredictionString");
}

TEST(Submission, ReadErrorsNameFileAndLine) {
  TempDir dir;
  auto errorOf = [&](const std::string& text) {
    writeText(dir / "s.csv", text);
    try {
      readSubmission(dir / "s.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(errorOf("ID,Width,ImageHeight,PredictionString\n").find("header"), std::string::npos);
  EXPECT_NE(
      errorOf("ID,ImageWidth,ImageHeight,PredictionString\na,4,4,\na,4,4,\n").find("s.csv line 3"),
      std::string::npos);
  EXPECT_NE(errorOf("ID,ImageWidth,ImageHeight,PredictionString\na,0,4,\n").find("line 2"),
            std::string::npos);
  EXPECT_NE(errorOf("ID,ImageWidth,ImageHeight,PredictionString\na,4,4,1 2\n").find("(a)"),
            std::string::npos);
}

class Validate : public ::testing::Test {
 protected:
  void SetUp() override {
    writeText(dir_ / "sample.csv",
              "ID,ImageWidth,ImageHeight,PredictionString\na,16,8,\nb,8,8,\nc,8,8,\n");
  }
  ValidationReport check(const std::string& rows) {
    writeText(dir_ / "sub.csv", "ID,ImageWidth,ImageHeight,PredictionString\n" + rows);
    return validateSubmission(dir_ / "sub.csv", dir_ / "sample.csv");
  }
  static bool mentions(const ValidationReport& r, const std::string& text) {
    for (const auto& p : r.problems)
      if (p.find(text) != std::string::npos) return true;
    return false;
  }
  TempDir dir_;
};

TEST_F(Validate, AcceptsAGoodSubmission) {
  const std::string m16 = mask(8, 16), m8 = mask(8, 8);
  const ValidationReport r =
      check("a,16,8,0 0.5 " + m16 + " 3 0.25 " + m16 + "\nb,8,8,18 1 " + m8 + "\nc,8,8,\n");
  EXPECT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0]);
  EXPECT_EQ(r.rows, 3u);
  EXPECT_EQ(r.instances, 3u);
  EXPECT_EQ(r.uniqueMasks, 2u);
}

TEST_F(Validate, FindsAMaskOfTheWrongSize) {
  const ValidationReport r = check("a,16,8,0 0.5 " + mask(8, 8) + "\nb,8,8,\nc,8,8,\n");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(mentions(r, "sub.csv line 2 (a): the mask of prediction 1 does not decode to 16x8"))
      << r.problems[0];
}

TEST_F(Validate, FindsMissingExtraReorderedAndResizedRows) {
  const ValidationReport r = check("c,8,8,\nb,8,9,\nzz,8,8,\n");
  EXPECT_TRUE(mentions(r, "image a of sample.csv (line 2) has no row"));
  EXPECT_TRUE(mentions(r, "(b): size 8x9 differs from the sample's 8x8"));
  EXPECT_TRUE(mentions(r, "(zz): this ID is not in sample.csv"));
  EXPECT_TRUE(mentions(r, "(b): rows are not in the order of sample.csv"));
}

TEST_F(Validate, FindsBadLabelsConfidencesAndCorruptMasks) {
  const ValidationReport r = check("a,16,8,19 0.5 " + mask(8, 16) + "\nb,8,8,0 2 " + mask(8, 8) +
                                   "\nc,8,8,0 0.5 eNoLCAgIMAEABJkBdQ=\n");
  EXPECT_TRUE(mentions(r, "line 2 (a): prediction 1 has label '19'"));
  EXPECT_TRUE(mentions(r, "line 3 (b): prediction 1 has confidence '2'"));
  EXPECT_TRUE(mentions(r, "line 4 (c): the mask of prediction 1"));
}

TEST_F(Validate, ReportsUnreadableCsvAndCapsTheList) {
  writeText(dir_ / "sub.csv", "ID,ImageWidth,ImageHeight,PredictionString\na,16,8,\"open\n");
  ValidationReport r = validateSubmission(dir_ / "sub.csv");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("never closed"), std::string::npos);
  std::string rows;
  for (int i = 0; i < 30; ++i) rows += "x" + std::to_string(i) + ",0,0,\n";
  writeText(dir_ / "sub.csv", "ID,ImageWidth,ImageHeight,PredictionString\n" + rows);
  r = validateSubmission(dir_ / "sub.csv", {}, 5);
  EXPECT_EQ(r.problems.size(), 5u);
  EXPECT_EQ(r.moreProblems, 25u);
  EXPECT_THROW(validateSubmission(dir_ / "missing.csv"), Error);
}

}  // namespace
}  // namespace cellcam
