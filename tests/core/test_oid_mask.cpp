// Tests for the Open Images (Kaggle HPA submission) mask codec against reference vectors
// produced by cocoapi common/maskApi.c (see tests/data/oid/README.md).

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/error.h"
#include "cellcam/oid_mask.h"

#include <gtest/gtest.h>

#ifndef CELLCAM_TEST_DATA_DIR
#error "CELLCAM_TEST_DATA_DIR must be defined (directory holding oid/vectors.csv)"
#endif

namespace {

struct Vector {
  std::string name;
  int height = 0;
  int width = 0;
  std::string cocoCounts;
  std::string oidText;
};

std::string oidDir() { return std::string(CELLCAM_TEST_DATA_DIR) + "/oid"; }

// Splits one CSV record (RFC 4180: quoted fields, "" escapes a quote). Fields are read
// verbatim; a backslash has no special meaning. Handles quoted newlines via `in`.
bool readCsvRecord(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool inQuotes = false, any = false;
  char ch;
  while (in.get(ch)) {
    any = true;
    if (inQuotes) {
      if (ch == '"') {
        if (in.peek() == '"') {
          in.get(ch);
          field.push_back('"');
        } else {
          inQuotes = false;
        }
      } else {
        field.push_back(ch);
      }
    } else if (ch == '"') {
      inQuotes = true;
    } else if (ch == ',') {
      fields.push_back(field);
      field.clear();
    } else if (ch == '\n') {
      break;
    } else if (ch != '\r') {
      field.push_back(ch);
    }
  }
  if (!any) return false;
  fields.push_back(field);
  return true;
}

std::vector<Vector> loadVectors() {
  const std::string path = oidDir() + "/vectors.csv";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> f;
  if (!readCsvRecord(in, f)) throw std::runtime_error("empty " + path);
  const std::vector<std::string> header = {"name", "height", "width", "coco_counts", "oid_text"};
  if (f != header) throw std::runtime_error("unexpected header in " + path);
  std::vector<Vector> out;
  while (readCsvRecord(in, f)) {
    if (f.size() == 1 && f[0].empty()) continue;  // trailing blank line
    if (f.size() != 5) throw std::runtime_error("bad row in " + path);
    out.push_back({f[0], std::stoi(f[1]), std::stoi(f[2]), f[3], f[4]});
  }
  return out;
}

// The reference mask as 0/255 CV_8U.
cv::Mat loadMask(const Vector& v) {
  const std::string path = oidDir() + "/masks/" + v.name + ".png";
  cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (m.empty()) throw std::runtime_error("cannot read " + path);
  if (m.type() != CV_8UC1) throw std::runtime_error("not 8-bit grey: " + path);
  cv::Mat bin;
  cv::compare(m, 0, bin, cv::CMP_GT);  // > 0 = foreground, 255
  return bin;
}

bool sameMask(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return false;
  return a.empty() || cv::countNonZero(a != b) == 0;
}

class OidVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { vectors_ = new std::vector<Vector>(loadVectors()); }
  static void TearDownTestSuite() {
    delete vectors_;
    vectors_ = nullptr;
  }
  static std::vector<Vector>* vectors_;
};
std::vector<Vector>* OidVectors::vectors_ = nullptr;

TEST_F(OidVectors, CsvLoadsAllRows) {
  ASSERT_GE(vectors_->size(), 40u);
  bool hasBackslash = false, has2048 = false;
  for (const auto& v : *vectors_) {
    hasBackslash |= v.cocoCounts.find('\\') != std::string::npos;
    has2048 |= v.height == 2048 && v.width == 2048;
  }
  EXPECT_TRUE(hasBackslash) << "expected at least one counts string with a backslash";
  EXPECT_TRUE(has2048) << "expected the 2048x2048 vector";
}

TEST_F(OidVectors, EncoderReproducesCocoCountsAndOidText) {
  for (const auto& v : *vectors_) {
    SCOPED_TRACE(v.name);
    const cv::Mat m = loadMask(v);
    ASSERT_EQ(m.rows, v.height);
    ASSERT_EQ(m.cols, v.width);
    EXPECT_EQ(cellcam::encodeCocoRle(m), v.cocoCounts);
    EXPECT_EQ(cellcam::encodeOidMask(m), v.oidText);
  }
}

TEST_F(OidVectors, EncoderAcceptsAnyNonzeroAsForeground) {
  for (const auto& v : *vectors_) {
    SCOPED_TRACE(v.name);
    cv::Mat m = loadMask(v);
    m.setTo(1, m);  // 0/1 instead of 0/255
    EXPECT_EQ(cellcam::encodeCocoRle(m), v.cocoCounts);
  }
}

TEST_F(OidVectors, DecoderReproducesMask) {
  for (const auto& v : *vectors_) {
    SCOPED_TRACE(v.name);
    const cv::Mat expected = loadMask(v);
    const cv::Mat got = cellcam::decodeOidMask(v.oidText, v.height, v.width);
    EXPECT_EQ(got.type(), CV_8UC1);
    EXPECT_TRUE(sameMask(got, expected));
  }
}

TEST_F(OidVectors, CountsParseBackToSameString) {
  for (const auto& v : *vectors_) {
    SCOPED_TRACE(v.name);
    const std::vector<uint32_t> runs = cellcam::parseCocoRle(v.cocoCounts);
    uint64_t sum = 0;
    for (uint32_t r : runs) sum += r;
    EXPECT_EQ(sum, static_cast<uint64_t>(v.height) * v.width);
    // All runs except possibly the first are non-empty in an rleEncode output.
    for (size_t i = 1; i < runs.size(); ++i) EXPECT_GT(runs[i], 0u) << "run " << i;
  }
}

TEST_F(OidVectors, Encode2048TimingIsReasonable) {
  for (const auto& v : *vectors_) {
    if (v.height != 2048 || v.width != 2048) continue;
    const cv::Mat m = loadMask(v);
    const int reps = 20;
    const auto t0 = std::chrono::steady_clock::now();
    std::string s;
    for (int i = 0; i < reps; ++i) s = cellcam::encodeOidMask(m);
    const auto t1 = std::chrono::steady_clock::now();
    const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / reps;
    RecordProperty("encode_2048_ms", std::to_string(ms));
    std::cout << "[ info     ] encodeOidMask 2048x2048: " << ms << " ms per mask\n";
    EXPECT_EQ(s, v.oidText);
    EXPECT_LT(ms, 500.0);  // generous bound; typical is a few ms
  }
}

TEST(OidMask, KnownSmallCases) {
  // Empty 8x8: one background run of 64 -> "P2"; full: "0" then 64 -> "0P2".
  EXPECT_EQ(cellcam::encodeCocoRle(cv::Mat::zeros(8, 8, CV_8U)), "P2");
  EXPECT_EQ(cellcam::encodeCocoRle(cv::Mat(8, 8, CV_8U, cv::Scalar(7))), "0P2");
  EXPECT_EQ(cellcam::parseCocoRle("0P2"), (std::vector<uint32_t>{0, 64}));
  // Zero-area mask: maskApi.c emits a single count 0.
  EXPECT_EQ(cellcam::encodeCocoRle(cv::Mat()), "0");
  EXPECT_EQ(cellcam::encodeCocoRle(cv::Mat(0, 5, CV_8U)), "0");
  EXPECT_EQ(cellcam::decodeOidMask(cellcam::encodeOidMask(cv::Mat()), 0, 5).size(), cv::Size(5, 0));
}

TEST(OidMask, DeltaCodingStartsAtFourthCount) {
  // maskApi.c subtracts cnts[i-2] only for i > 2 (not i >= 2): the third count is absolute.
  // Column-major runs of a 1x10 mask 0011100011: 2,3,3,2 -> "2","3","3", then 2-3=-1 -> "O".
  cv::Mat m = (cv::Mat_<uint8_t>(1, 10) << 0, 0, 1, 1, 1, 0, 0, 0, 1, 1);
  EXPECT_EQ(cellcam::encodeCocoRle(m), "233O");
  EXPECT_EQ(cellcam::parseCocoRle("233O"), (std::vector<uint32_t>{2, 3, 3, 2}));
}

TEST(OidMask, ColumnMajorOrder) {
  // 2x2 with only the top-right pixel set: column-major order is (0,0),(1,0),(0,1),(1,1).
  cv::Mat m = (cv::Mat_<uint8_t>(2, 2) << 0, 255, 0, 0);
  EXPECT_EQ(cellcam::parseCocoRle(cellcam::encodeCocoRle(m)), (std::vector<uint32_t>{2, 1, 1}));
}

TEST(OidMask, RoundTripRandomMasksOfOddSizes) {
  std::mt19937 rng(12345);
  const int sizes[][2] = {{1, 1},  {1, 2},   {2, 1},  {3, 5},    {7, 1},   {1, 13},
                          {17, 9}, {31, 33}, {63, 1}, {101, 77}, {257, 3}, {129, 131}};
  for (const auto& hw : sizes) {
    for (double density : {0.0, 0.02, 0.5, 0.98, 1.0}) {
      for (int blobby = 0; blobby < 2; ++blobby) {
        const int h = hw[0], w = hw[1];
        SCOPED_TRACE(std::to_string(h) + "x" + std::to_string(w) + " p=" + std::to_string(density) +
                     " blobby=" + std::to_string(blobby));
        cv::Mat m(h, w, CV_8U);
        std::bernoulli_distribution fg(density);
        std::geometric_distribution<int> runLen(0.01);
        bool state = fg(rng);
        int left = blobby ? runLen(rng) : 0;
        for (int x = 0; x < w; ++x) {
          for (int y = 0; y < h; ++y) {
            if (blobby) {
              if (left-- <= 0) {
                state = fg(rng);
                left = runLen(rng);
              }
            } else {
              state = fg(rng);
            }
            m.at<uint8_t>(y, x) = state ? static_cast<uint8_t>(1 + rng() % 255) : 0;
          }
        }
        cv::Mat expected;
        cv::compare(m, 0, expected, cv::CMP_GT);
        const std::string text = cellcam::encodeOidMask(m);
        const cv::Mat back = cellcam::decodeOidMask(text, h, w);
        ASSERT_TRUE(sameMask(back, expected));
        // Re-encoding the decoded mask gives the same text.
        EXPECT_EQ(cellcam::encodeOidMask(back), text);
        // Counts string round trip through the parser and a run sum check.
        const auto runs = cellcam::parseCocoRle(cellcam::encodeCocoRle(m));
        uint64_t sum = 0;
        for (auto r : runs) sum += r;
        EXPECT_EQ(sum, static_cast<uint64_t>(h) * w);
      }
    }
  }
}

TEST(OidMask, RoiAndNonContinuousInput) {
  cv::Mat big(40, 50, CV_8U);
  cv::randu(big, 0, 2);
  const cv::Mat roi = big(cv::Rect(3, 5, 21, 17));
  ASSERT_FALSE(roi.isContinuous());
  const cv::Mat copy = roi.clone();
  EXPECT_EQ(cellcam::encodeOidMask(roi), cellcam::encodeOidMask(copy));
}

TEST(OidMask, LongRunsCrossFiveBitBoundaries) {
  for (int len : {15, 16, 31, 32, 33, 47, 48, 511, 512, 513, 1023, 1024, 1025, 32767, 32768}) {
    SCOPED_TRACE(len);
    cv::Mat m = cv::Mat::zeros(len + 7, 3, CV_8U);
    m(cv::Rect(1, 3, 1, len)).setTo(255);
    const cv::Mat back = cellcam::decodeOidMask(cellcam::encodeOidMask(m), m.rows, m.cols);
    EXPECT_TRUE(sameMask(back, m));
  }
}

TEST(OidMask, Base64AndZlibPrimitives) {
  EXPECT_EQ(cellcam::base64Encode(""), "");
  EXPECT_EQ(cellcam::base64Encode("f"), "Zg==");
  EXPECT_EQ(cellcam::base64Encode("fo"), "Zm8=");
  EXPECT_EQ(cellcam::base64Encode("foo"), "Zm9v");
  EXPECT_EQ(cellcam::base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(cellcam::base64Decode("Zm9vYmE="), "fooba");
  EXPECT_EQ(cellcam::base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(cellcam::base64Decode(""), "");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_EQ(cellcam::base64Decode(cellcam::base64Encode(all)), all);
  EXPECT_EQ(cellcam::zlibDecompress(cellcam::zlibCompress(all), all.size()), all);
  EXPECT_EQ(cellcam::zlibDecompress(cellcam::zlibCompress(""), 0), "");
  // The empty_8x8 vector: base64(zlib.compress(b"P2", 9)).
  EXPECT_EQ(cellcam::base64Encode(cellcam::zlibCompress("P2", 9)), "eNoLMAIAANQAgw==");
}

template <typename F>
void expectCellcamError(F&& f, const char* what) {
  try {
    f();
    ADD_FAILURE() << "no cellcam::Error for " << what;
  } catch (const cellcam::Error& e) {
    EXPECT_FALSE(std::string(e.what()).empty()) << what;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type for " << what << ": " << e.what();
  }
}

TEST(OidMask, MalformedInputsThrow) {
  const std::string good = cellcam::encodeOidMask(cv::Mat::zeros(8, 8, CV_8U));  // 8x8 empty
  ASSERT_NO_THROW(cellcam::decodeOidMask(good, 8, 8));

  // Empty string.
  expectCellcamError([] { cellcam::decodeOidMask("", 8, 8); }, "empty text");
  // Bad base64: characters, length, padding.
  expectCellcamError([] { cellcam::decodeOidMask("eNoLMAIAANQAgw=!", 8, 8); }, "bad base64 char");
  expectCellcamError([] { cellcam::decodeOidMask("eNoLMAIAANQAgw", 8, 8); }, "bad base64 length");
  expectCellcamError([] { cellcam::decodeOidMask("eNoL=AIAANQAgw==", 8, 8); }, "misplaced pad");
  expectCellcamError([] { cellcam::decodeOidMask("eNoLMAIAANQAg===", 8, 8); }, "triple pad");
  expectCellcamError([] { cellcam::decodeOidMask("eNoLMAIAANQAgw==\n", 8, 8); }, "newline");
  expectCellcamError([] { cellcam::base64Decode("ab c"); }, "space");
  // Corrupt zlib: valid base64 of non-zlib bytes, a flipped byte, truncation, trailing bytes.
  expectCellcamError([] { cellcam::decodeOidMask(cellcam::base64Encode("P2"), 8, 8); }, "not zlib");
  {
    std::string z = cellcam::zlibCompress("P2");
    z[z.size() - 1] ^= 0x55;  // adler32 checksum
    expectCellcamError([&] { cellcam::decodeOidMask(cellcam::base64Encode(z), 8, 8); },
                       "bad checksum");
    std::string t = cellcam::zlibCompress("P2");
    t.resize(t.size() - 3);
    expectCellcamError([&] { cellcam::decodeOidMask(cellcam::base64Encode(t), 8, 8); },
                       "truncated zlib");
    std::string extra = cellcam::zlibCompress("P2") + "x";
    expectCellcamError([&] { cellcam::decodeOidMask(cellcam::base64Encode(extra), 8, 8); },
                       "trailing zlib bytes");
    expectCellcamError(
        [] { cellcam::zlibDecompress(cellcam::zlibCompress(std::string(100, 'a')), 99); },
        "output too large");
    expectCellcamError([] { cellcam::zlibDecompress("", 10); }, "empty zlib");
  }
  // Runs not summing to h*w.
  expectCellcamError([&] { cellcam::decodeOidMask(good, 8, 9); }, "runs sum < h*w");
  expectCellcamError([&] { cellcam::decodeOidMask(good, 7, 8); }, "runs sum > h*w");
  expectCellcamError([&] { cellcam::decodeOidMask(good, -8, -8); }, "negative size");
  // Malformed RLE inside a valid zlib/base64 wrapper.
  auto wrap = [](const std::string& counts) {
    return cellcam::base64Encode(cellcam::zlibCompress(counts));
  };
  expectCellcamError([&] { cellcam::decodeOidMask(wrap(""), 0, 0); }, "empty counts");
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("P2 "), 8, 8); }, "space in counts");
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("P2p"), 8, 8); }, "char > 'o'");
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("P"), 8, 8); }, "truncated value");
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("o"), 8, 8); }, "dangling continuation");
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("O"), 8, 8); }, "negative first run");
  // The fourth count is a delta against the second: "233M" is 3 + (-3) = 0 (accepted, as
  // maskApi.c does), "233L" is 3 + (-4) = -1 (rejected).
  EXPECT_EQ(cellcam::parseCocoRle("233M"), (std::vector<uint32_t>{2, 3, 3, 0}));
  expectCellcamError([&] { cellcam::decodeOidMask(wrap("233L"), 1, 8); }, "negative run");
  expectCellcamError([] { cellcam::parseCocoRle(""); }, "parse empty");
  expectCellcamError([] { cellcam::parseCocoRle(std::string(20, 'P')); }, "overlong value");
  // Wrong mask type for encoding.
  expectCellcamError([] { cellcam::encodeOidMask(cv::Mat::zeros(4, 4, CV_8UC3)); }, "3 channels");
  expectCellcamError([] { cellcam::encodeOidMask(cv::Mat::zeros(4, 4, CV_32F)); }, "float");
}

}  // namespace

namespace cellcam {
namespace {

// Encoding all cells of a label image in one pass gives, cell by cell, the same bytes as
// encoding each cell's binary mask.
TEST(EncodeLabelImage, MatchesPerCellEncoding) {
  cv::RNG rng(7);
  for (const cv::Size size :
       {cv::Size(1, 1), cv::Size(37, 23), cv::Size(64, 64), cv::Size(9, 200)}) {
    for (int type : {CV_16U, CV_32S}) {
      cv::Mat labels(size, type);
      // Blocky random labels with runs that cross column boundaries, plus background.
      cv::Mat small(std::max(1, size.height / 4), std::max(1, size.width / 4), CV_32S);
      rng.fill(small, cv::RNG::UNIFORM, 0, 9);
      cv::Mat big;
      cv::resize(small, big, size, 0, 0, cv::INTER_NEAREST);
      big.convertTo(labels, type);
      const std::vector<EncodedCell> cells = encodeLabelImage(labels);
      double maxLabel = 0;
      cv::minMaxLoc(labels, nullptr, &maxLabel);
      int present = 0;
      for (int v = 1; v <= static_cast<int>(maxLabel); ++v)
        present += cv::countNonZero(labels == v) > 0;
      ASSERT_EQ(static_cast<int>(cells.size()), present);
      for (const EncodedCell& cell : cells) {
        cv::Mat binary = labels == cell.label;
        EXPECT_EQ(cell.mask, encodeOidMask(binary)) << "label " << cell.label;
        EXPECT_EQ(cell.area, cv::countNonZero(binary));
      }
    }
  }
}

TEST(EncodeLabelImage, RejectsBadInput) {
  EXPECT_THROW(encodeLabelImage(cv::Mat::zeros(4, 4, CV_8U)), Error);
  cv::Mat negative = cv::Mat::zeros(4, 4, CV_32S);
  negative.at<int>(1, 1) = -3;
  EXPECT_THROW(encodeLabelImage(negative), Error);
  EXPECT_TRUE(encodeLabelImage(cv::Mat::zeros(4, 4, CV_16U)).empty());
}

}  // namespace
}  // namespace cellcam
