#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "cellcam/dataset.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"

#include "temp_dir.h"
#include <gtest/gtest.h>

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using test::readBytes;
using test::TempDir;
using test::writeText;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A deterministic pattern that uses the whole value range of the depth.
cv::Mat pattern(cv::Size size, int type, int seed) {
  cv::Mat m(size, type);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x) {
      if (type == CV_8U)
        m.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((x * 7 + y * 13 + seed * 29) % 256);
      else
        m.at<std::uint16_t>(y, x) =
            static_cast<std::uint16_t>((x * 331 + y * 977 + seed * 4099) % 65536);
    }
  return m;
}

/// Constant 8x8 blocks: with quality 100 a grayscale JPEG stores them exactly (DC only).
cv::Mat blocks(cv::Size size, int seed) {
  cv::Mat m(size, CV_8U);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      m.at<std::uint8_t>(y, x) =
          static_cast<std::uint8_t>(16 + ((x / 8) * 37 + (y / 8) * 53 + seed * 11) % 224);
  return m;
}

std::string encode(const std::string& ext, const cv::Mat& image,
                   const std::vector<int>& params = {}) {
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(ext, image, bytes, params)) << ext;
  return std::string(bytes.begin(), bytes.end());
}

/// Writes `image` in the format of the file's extension.
void writeImage(const fs::path& file, const cv::Mat& image, const std::vector<int>& params = {}) {
  writeText(file, encode(file.extension().string(), image, params));
}

const std::vector<int> kJpegExact{cv::IMWRITE_JPEG_QUALITY, 100};

/// Exact equality of type, size and every pixel.
::testing::AssertionResult same(const cv::Mat& actual, const cv::Mat& expected) {
  if (actual.type() != expected.type())
    return ::testing::AssertionFailure()
           << "type " << actual.type() << ", expected " << expected.type();
  if (actual.size() != expected.size())
    return ::testing::AssertionFailure()
           << "size " << actual.size << ", expected " << expected.size;
  cv::Mat diff;
  cv::compare(actual.reshape(1), expected.reshape(1), diff, cv::CMP_NE);
  const int n = cv::countNonZero(diff);
  if (n != 0) return ::testing::AssertionFailure() << n << " pixel values differ";
  return ::testing::AssertionSuccess();
}

/// The message of the Error that `f` throws ("" when it throws none).
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

/// One sentence that names `file` and contains `text`.
::testing::AssertionResult namesFile(const std::string& message, const fs::path& file,
                                     const std::string& text) {
  if (message.empty()) return ::testing::AssertionFailure() << "no error was thrown";
  if (message.find(file.string()) != 0)
    return ::testing::AssertionFailure() << "does not start with " << file << ": " << message;
  if (message.find(text) == std::string::npos)
    return ::testing::AssertionFailure() << "lacks '" << text << "': " << message;
  if (message.find('\n') != std::string::npos || message.back() != '.')
    return ::testing::AssertionFailure() << "not one sentence: " << message;
  return ::testing::AssertionSuccess();
}

/// A minimal uncompressed TIFF with the directory right after the header (as many
/// microscopes write it; OpenCV puts it at the end). One strip.
std::string makeTiff(bool bigEndian, int width, int height, int bits, int sampleFormat,
                     const std::string& pixels) {
  std::string out;
  auto u16 = [&](unsigned v) {
    if (bigEndian) {
      out += static_cast<char>(v >> 8);
      out += static_cast<char>(v & 255);
    } else {
      out += static_cast<char>(v & 255);
      out += static_cast<char>(v >> 8);
    }
  };
  auto u32 = [&](unsigned v) {
    if (bigEndian) {
      u16(v >> 16);
      u16(v & 0xFFFF);
    } else {
      u16(v & 0xFFFF);
      u16(v >> 16);
    }
  };
  out += bigEndian ? "MM" : "II";
  u16(42);
  u32(8);
  const unsigned entries = 10;
  const unsigned dataOffset = 8 + 2 + entries * 12 + 4;
  u16(entries);
  auto tag = [&](unsigned id, unsigned type, unsigned value) {
    u16(id);
    u16(type);
    u32(1);
    if (type == 3) {
      u16(value);
      u16(0);
    } else {
      u32(value);
    }
  };
  tag(256, 4, static_cast<unsigned>(width));
  tag(257, 4, static_cast<unsigned>(height));
  tag(258, 3, static_cast<unsigned>(bits));
  tag(259, 3, 1);  // no compression
  tag(262, 3, 1);  // min-is-black
  tag(273, 4, dataOffset);
  tag(277, 3, 1);
  tag(278, 4, static_cast<unsigned>(height));
  tag(279, 4, static_cast<unsigned>(pixels.size()));
  tag(339, 3, static_cast<unsigned>(sampleFormat));
  u32(0);
  return out + pixels;
}

/// Raw pixel bytes of a 16-bit image in the given byte order.
std::string raw16(const cv::Mat& image, bool bigEndian) {
  std::string out;
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) {
      const unsigned v = image.at<std::uint16_t>(y, x);
      const char hi = static_cast<char>(v >> 8), lo = static_cast<char>(v & 255);
      out += bigEndian ? hi : lo;
      out += bigEndian ? lo : hi;
    }
  return out;
}

std::string raw8(const cv::Mat& image) {
  std::string out;
  for (int y = 0; y < image.rows; ++y)
    out.append(reinterpret_cast<const char*>(image.ptr(y)), static_cast<std::size_t>(image.cols));
  return out;
}

std::string firstHalf(const fs::path& file) {
  const std::string bytes = readBytes(file);
  return bytes.substr(0, bytes.size() / 2);
}

const cv::Size kNonSquare{300, 200};

std::array<fs::path, 4> channelPaths(const TempDir& dir, const std::string& id,
                                     const std::array<std::string, 4>& exts) {
  return {dir / (id + "_red" + exts[0]), dir / (id + "_green" + exts[1]),
          dir / (id + "_blue" + exts[2]), dir / (id + "_yellow" + exts[3])};
}

// ---------------------------------------------------------------------------------------------
// Good files

TEST(ImageIo, ReadsPng8AndPng16Exactly) {
  TempDir dir;
  for (int type : {CV_8U, CV_16U}) {
    const cv::Mat image = pattern(kNonSquare, type, 1);
    const fs::path file = dir / ("a" + std::to_string(type) + ".png");
    writeImage(file, image);
    const cv::Mat read = readChannelFile(file);
    EXPECT_TRUE(same(read, image)) << file;
    EXPECT_EQ(read.cols, 300);
    EXPECT_EQ(read.rows, 200);
  }
}

TEST(ImageIo, ReadsOpenCvTiff8AndTiff16Exactly) {
  TempDir dir;
  for (int type : {CV_8U, CV_16U}) {
    const cv::Mat image = pattern(kNonSquare, type, 2);
    const fs::path file = dir / ("a" + std::to_string(type) + (type == CV_8U ? ".tif" : ".tiff"));
    writeImage(file, image);
    EXPECT_TRUE(same(readChannelFile(file), image)) << file;
  }
}

TEST(ImageIo, ReadsLittleAndBigEndianTiffWithDirectoryFirst) {
  TempDir dir;
  const cv::Mat image16 = pattern({37, 23}, CV_16U, 3);
  const cv::Mat image8 = pattern({37, 23}, CV_8U, 3);
  for (bool bigEndian : {false, true}) {
    const std::string tag = bigEndian ? "be" : "le";
    writeText(dir / (tag + "16.tif"),
              makeTiff(bigEndian, 37, 23, 16, 1, raw16(image16, bigEndian)));
    writeText(dir / (tag + "8.tif"), makeTiff(bigEndian, 37, 23, 8, 1, raw8(image8)));
    EXPECT_TRUE(same(readChannelFile(dir / (tag + "16.tif")), image16)) << tag;
    EXPECT_TRUE(same(readChannelFile(dir / (tag + "8.tif")), image8)) << tag;
  }
}

TEST(ImageIo, ReadsBigTiff) {
  TempDir dir;
  // BigTIFF: 8-byte offsets and counts, 20-byte directory entries.
  std::string out;
  auto u16 = [&](unsigned v) {
    out += static_cast<char>(v & 255);
    out += static_cast<char>(v >> 8);
  };
  auto u64 = [&](unsigned v) {
    u16(v & 0xFFFF);
    u16(v >> 16);
    u16(0);
    u16(0);
  };
  out += "II";
  u16(43);
  u16(8);
  u16(0);
  u64(16);
  const unsigned entries = 9, width = 5, height = 3;
  u64(entries);
  auto tag = [&](unsigned id, unsigned type, unsigned value) {
    u16(id);
    u16(type);
    u64(1);
    u64(value);  // little-endian: a SHORT value sits in the first bytes
  };
  const unsigned dataOffset = 16 + 8 + entries * 20 + 8;
  tag(256, 3, width);
  tag(257, 3, height);
  tag(258, 3, 16);
  tag(259, 3, 1);
  tag(262, 3, 1);
  tag(273, 16, dataOffset);
  tag(277, 3, 1);
  tag(278, 3, height);
  tag(279, 16, width * height * 2);
  u64(0);
  const cv::Mat image = pattern({5, 3}, CV_16U, 8);
  writeText(dir / "big.tif", out + raw16(image, false));
  EXPECT_TRUE(same(readChannelFile(dir / "big.tif"), image));
}

TEST(ImageIo, ReadsJpegExactlyIncludingProgressiveAndRestartMarkers) {
  TempDir dir;
  const cv::Mat image = blocks({304, 200}, 4);
  writeImage(dir / "plain.jpg", image, kJpegExact);
  writeImage(dir / "progressive.jpeg", image,
             {cv::IMWRITE_JPEG_QUALITY, 100, cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  writeImage(dir / "restart.jpg", image,
             {cv::IMWRITE_JPEG_QUALITY, 100, cv::IMWRITE_JPEG_RST_INTERVAL, 2});
  // Bytes after the end marker (some tools append metadata) are harmless.
  writeText(dir / "trailing.jpg", readBytes(dir / "plain.jpg") + std::string(100, '\0'));
  for (const char* name : {"plain.jpg", "progressive.jpeg", "restart.jpg", "trailing.jpg"})
    EXPECT_TRUE(same(readChannelFile(dir / name), image)) << name;
}

TEST(ImageIo, ReadsLargeSquarePng16) {
  TempDir dir;
  const cv::Mat image = pattern({1728, 1728}, CV_16U, 5);
  writeImage(dir / "big.png", image);
  EXPECT_TRUE(same(readChannelFile(dir / "big.png"), image));
}

TEST(ImageIo, ColourFileWithEqualChannelsIsReadAsGray) {
  TempDir dir;
  const cv::Mat gray8 = pattern(kNonSquare, CV_8U, 6);
  const cv::Mat gray16 = pattern(kNonSquare, CV_16U, 6);
  cv::Mat bgr8, bgr16, bgra8, gray8Blocks;
  cv::merge(std::vector<cv::Mat>{gray8, gray8, gray8}, bgr8);
  cv::merge(std::vector<cv::Mat>{gray16, gray16, gray16}, bgr16);
  cv::merge(std::vector<cv::Mat>{gray8, gray8, gray8, cv::Mat(gray8.size(), CV_8U, 255)}, bgra8);
  writeImage(dir / "rgb8.png", bgr8);
  writeImage(dir / "rgb16.png", bgr16);
  writeImage(dir / "rgba8.png", bgra8);
  writeImage(dir / "rgb16.tif", bgr16);
  EXPECT_TRUE(same(readChannelFile(dir / "rgb8.png"), gray8));
  EXPECT_TRUE(same(readChannelFile(dir / "rgb16.png"), gray16));
  EXPECT_TRUE(same(readChannelFile(dir / "rgba8.png"), gray8));
  EXPECT_TRUE(same(readChannelFile(dir / "rgb16.tif"), gray16));

  const cv::Mat b = blocks({64, 48}, 6);
  cv::Mat bgrBlocks;
  cv::merge(std::vector<cv::Mat>{b, b, b}, bgrBlocks);
  writeImage(dir / "rgb.jpg", bgrBlocks, kJpegExact);
  EXPECT_TRUE(same(readChannelFile(dir / "rgb.jpg"), b));
}

TEST(ImageIo, ReadsFourChannelFilesOfMixedFormats) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".tif", ".jpg", ".tiff"});
  const cv::Size size{304, 200};
  const cv::Mat red = pattern(size, CV_8U, 10), green = pattern(size, CV_8U, 11),
                blue = blocks(size, 12), yellow = pattern(size, CV_8U, 13);
  writeImage(files[0], red);
  writeImage(files[1], green);
  writeImage(files[2], blue, kJpegExact);
  writeImage(files[3], yellow);
  const ChannelImage image = readChannels(files);
  EXPECT_EQ(image.width(), 304);
  EXPECT_EQ(image.height(), 200);
  EXPECT_EQ(image.depth(), CV_8U);
  EXPECT_TRUE(image.hasYellow());
  EXPECT_TRUE(same(image.red, red));
  EXPECT_TRUE(same(image.green, green));
  EXPECT_TRUE(same(image.blue, blue));
  EXPECT_TRUE(same(image.yellow, yellow));
  EXPECT_TRUE(same(image.plane(Channel::Green), green));
  EXPECT_TRUE(same(image.plane(Channel::Yellow), yellow));
}

TEST(ImageIo, ReadsFourChannelFiles16Bit) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".png", ".png", ".png"});
  std::array<cv::Mat, 4> planes;
  for (std::size_t c = 0; c < 4; ++c) {
    planes[c] = pattern(kNonSquare, CV_16U, 20 + static_cast<int>(c));
    writeImage(files[c], planes[c]);
  }
  const ChannelImage image = readChannels(files);
  EXPECT_EQ(image.depth(), CV_16U);
  for (std::size_t c = 0; c < 4; ++c)
    EXPECT_TRUE(same(image.plane(kRgbyChannels[c]), planes[c])) << c;
}

TEST(ImageIo, ReadsRgbImage) {
  TempDir dir;
  for (int type : {CV_8U, CV_16U}) {
    const cv::Mat r = pattern(kNonSquare, type, 30), g = pattern(kNonSquare, type, 31),
                  b = pattern(kNonSquare, type, 32);
    cv::Mat bgr;
    cv::merge(std::vector<cv::Mat>{b, g, r}, bgr);  // OpenCV stores BGR
    const fs::path file = dir / ("rgb" + std::to_string(type) + ".png");
    writeImage(file, bgr);
    const ChannelImage image = readRgbImage(file);
    EXPECT_TRUE(same(image.red, r));
    EXPECT_TRUE(same(image.green, g));
    EXPECT_TRUE(same(image.blue, b));
    EXPECT_FALSE(image.hasYellow());
    EXPECT_TRUE(image.plane(Channel::Yellow).empty());
  }
}

TEST(ImageIo, RgbImageRejectsGrayscaleAndTransparency) {
  TempDir dir;
  writeImage(dir / "gray.png", pattern(kNonSquare, CV_8U, 1));
  EXPECT_TRUE(
      namesFile(errorOf([&] { readRgbImage(dir / "gray.png"); }), dir / "gray.png", "grayscale"));
  const cv::Mat p = pattern(kNonSquare, CV_8U, 2);
  cv::Mat bgra;
  cv::merge(std::vector<cv::Mat>{p, p, p, p}, bgra);
  writeImage(dir / "alpha.png", bgra);
  EXPECT_TRUE(namesFile(errorOf([&] { readRgbImage(dir / "alpha.png"); }), dir / "alpha.png",
                        "transparent"));
}

// ---------------------------------------------------------------------------------------------
// Bad files: each message names the offending file.

TEST(ImageIo, TruncatedPngIsRejected) {
  TempDir dir;
  writeImage(dir / "full.png", pattern(kNonSquare, CV_16U, 1));
  const std::string bytes = readBytes(dir / "full.png");
  writeText(dir / "half.png", bytes.substr(0, bytes.size() / 2));
  writeText(dir / "short.png", bytes.substr(0, bytes.size() - 1));
  writeText(dir / "header.png", bytes.substr(0, 20));
  for (const char* name : {"half.png", "short.png", "header.png"})
    EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / name); }), dir / name, "truncated"))
        << name;
}

TEST(ImageIo, TruncatedJpegIsRejected) {
  TempDir dir;
  writeImage(dir / "full.jpg", pattern(kNonSquare, CV_8U, 1));
  const std::string bytes = readBytes(dir / "full.jpg");
  // libjpeg pads missing data and OpenCV returns an image: the end marker check catches it.
  writeText(dir / "half.jpg", bytes.substr(0, bytes.size() / 2));
  writeText(dir / "noeoi.jpg", bytes.substr(0, bytes.size() - 2));
  writeText(dir / "header.jpg", bytes.substr(0, 300));
  for (const char* name : {"half.jpg", "noeoi.jpg", "header.jpg"})
    EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / name); }), dir / name, "truncated"))
        << name;
}

TEST(ImageIo, TruncatedTiffIsRejected) {
  TempDir dir;
  writeImage(dir / "opencv.tif", pattern(kNonSquare, CV_16U, 1));  // directory at the end
  writeText(dir / "half.tif", firstHalf(dir / "opencv.tif"));
  const cv::Mat image = pattern(kNonSquare, CV_16U, 2);
  writeText(dir / "first.tif", makeTiff(false, 300, 200, 16, 1, raw16(image, false)));
  writeText(dir / "half_first.tif", firstHalf(dir / "first.tif"));
  const std::string first = readBytes(dir / "first.tif");
  writeText(dir / "short_first.tif", first.substr(0, first.size() - 1));
  for (const char* name : {"half.tif", "half_first.tif", "short_first.tif"})
    EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / name); }), dir / name, "truncated"))
        << name;
}

TEST(ImageIo, PngWithBytesOverwrittenInTheMiddleIsRejected) {
  TempDir dir;
  writeImage(dir / "a.png", pattern(kNonSquare, CV_16U, 1));
  std::string bytes = readBytes(dir / "a.png");
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] = '\xAB';
  writeText(dir / "a.png", bytes);
  EXPECT_TRUE(
      namesFile(errorOf([&] { readChannelFile(dir / "a.png"); }), dir / "a.png", "is corrupt"));
}

TEST(ImageIo, JpegWithDamagedHeaderIsRejected) {
  TempDir dir;
  writeImage(dir / "a.jpg", pattern(kNonSquare, CV_8U, 1));
  std::string bytes = readBytes(dir / "a.jpg");
  for (std::size_t i = 20; i < 200; ++i) bytes[i] = '\xAB';  // after APP0: the tables
  writeText(dir / "a.jpg", bytes);
  const std::string m = errorOf([&] { readChannelFile(dir / "a.jpg"); });
  EXPECT_TRUE(namesFile(m, dir / "a.jpg", "is corrupt")) << m;
}

TEST(ImageIo, TiffWithDamagedDirectoryIsRejected) {
  TempDir dir;
  writeImage(dir / "a.tif", pattern(kNonSquare, CV_16U, 1));
  std::string bytes = readBytes(dir / "a.tif");
  for (std::size_t i = 4; i < 8; ++i) bytes[i] = '\x7F';  // directory offset far beyond the end
  writeText(dir / "a.tif", bytes);
  EXPECT_TRUE(
      namesFile(errorOf([&] { readChannelFile(dir / "a.tif"); }), dir / "a.tif", "truncated"));
}

TEST(ImageIo, EmptyFileIsRejected) {
  TempDir dir;
  writeText(dir / "a_red.png", "");
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "a_red.png"); }), dir / "a_red.png",
                        "is empty (0 bytes)"));
}

TEST(ImageIo, TextFileNamedPngIsRejected) {
  TempDir dir;
  writeText(dir / "a_red.png", "ID,Label\nabc,1\n");
  const std::string m = errorOf([&] { readChannelFile(dir / "a_red.png"); });
  EXPECT_TRUE(namesFile(m, dir / "a_red.png", "is not a PNG, JPEG or TIFF file"));
  EXPECT_NE(m.find("text"), std::string::npos) << m;
}

TEST(ImageIo, MissingFileAndFolderAreRejected) {
  TempDir dir;
  EXPECT_TRUE(
      namesFile(errorOf([&] { readChannelFile(dir / "no.png"); }), dir / "no.png", "not found"));
  fs::create_directories(dir / "sub.png");
  EXPECT_TRUE(
      namesFile(errorOf([&] { readChannelFile(dir / "sub.png"); }), dir / "sub.png", "folder"));
}

TEST(ImageIo, FloatAndOddBitDepthsAreRejected) {
  TempDir dir;
  writeImage(dir / "float.tif", cv::Mat(20, 30, CV_32F, cv::Scalar(0.5)));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "float.tif"); }), dir / "float.tif",
                        "32-bit floating-point pixels"));
  writeImage(dir / "signed.tif", cv::Mat(20, 30, CV_16S, cv::Scalar(-5)));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "signed.tif"); }), dir / "signed.tif",
                        "signed 16-bit"));
  // OpenCV would expand 1-bit to 0/255 and scale 12-bit to 16 bits: not the stored values.
  writeText(dir / "one.tif", makeTiff(false, 16, 4, 1, 1, std::string(8, '\x5A')));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "one.tif"); }), dir / "one.tif",
                        "1-bit pixels"));
  writeText(dir / "twelve.tif", makeTiff(false, 4, 2, 12, 1, std::string(12, '\x11')));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "twelve.tif"); }), dir / "twelve.tif",
                        "12-bit pixels"));
  writeImage(dir / "bilevel.png", cv::Mat(8, 16, CV_8U, cv::Scalar(255)),
             {cv::IMWRITE_PNG_BILEVEL, 1});
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "bilevel.png"); }), dir / "bilevel.png",
                        "1-bit pixels"));
  // A 12-bit JPEG (the SOF precision byte says so; libjpeg-turbo in OpenCV reads only 8-bit).
  writeImage(dir / "a.jpg", blocks({16, 16}, 1), kJpegExact);
  std::string jpeg = readBytes(dir / "a.jpg");
  const std::size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 4] = 12;
  writeText(dir / "twelve.jpg", jpeg);
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "twelve.jpg"); }), dir / "twelve.jpg",
                        "12-bit pixels"));
  writeText(dir / "u32.tif", makeTiff(true, 4, 2, 32, 1, std::string(32, '\x11')));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "u32.tif"); }), dir / "u32.tif",
                        "32-bit pixels"));
}

TEST(ImageIo, ColourChannelFileWithDistinctChannelsIsRejected) {
  TempDir dir;
  cv::Mat bgr;
  cv::merge(std::vector<cv::Mat>{pattern(kNonSquare, CV_8U, 1), pattern(kNonSquare, CV_8U, 2),
                                 pattern(kNonSquare, CV_8U, 3)},
            bgr);
  writeImage(dir / "a_green.png", bgr);
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "a_green.png"); }), dir / "a_green.png",
                        "distinct colour channels"));
  // Equal except a single pixel.
  const cv::Mat g = pattern(kNonSquare, CV_16U, 4);
  cv::Mat r = g.clone();
  r.at<std::uint16_t>(199, 299) ^= 1;
  cv::merge(std::vector<cv::Mat>{g, g, r}, bgr);
  writeImage(dir / "b_green.png", bgr);
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "b_green.png"); }), dir / "b_green.png",
                        "distinct colour channels"));
  // Equal colour channels but transparent somewhere.
  const cv::Mat p = pattern(kNonSquare, CV_8U, 5);
  cv::Mat alpha(p.size(), CV_8U, cv::Scalar(255));
  alpha.at<std::uint8_t>(100, 150) = 254;
  cv::merge(std::vector<cv::Mat>{p, p, p, alpha}, bgr);
  writeImage(dir / "c_green.png", bgr);
  EXPECT_TRUE(namesFile(errorOf([&] { readChannelFile(dir / "c_green.png"); }), dir / "c_green.png",
                        "transparent alpha channel"));
}

TEST(ImageIo, MissingYellowIsRejected) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".png", ".png", ".png"});
  for (std::size_t c = 0; c < 3; ++c) writeImage(files[c], pattern(kNonSquare, CV_8U, 1));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannels(files); }), files[3],
                        "the yellow channel file is missing"));
}

TEST(ImageIo, MismatchedSizesAreRejected) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".png", ".png", ".png"});
  for (std::size_t c = 0; c < 4; ++c)
    writeImage(files[c], pattern(c == 2 ? cv::Size(200, 300) : kNonSquare, CV_8U, 1));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannels(files); }), files[2],
                        "is 200x300 pixels but the red channel file is 300x200 pixels"));
}

TEST(ImageIo, MismatchedDepthsAreRejected) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".png", ".png", ".png"});
  for (std::size_t c = 0; c < 4; ++c)
    writeImage(files[c], pattern(kNonSquare, c == 3 ? CV_16U : CV_8U, 1));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannels(files); }), files[3],
                        "is 16-bit but the red channel file is 8-bit"));
}

TEST(ImageIo, BadChannelAmongFourNamesThatFile) {
  TempDir dir;
  const auto files = channelPaths(dir, "img", {".png", ".png", ".jpg", ".png"});
  for (std::size_t c = 0; c < 4; ++c)
    writeImage(files[c], c == 2 ? blocks(kNonSquare, 1) : pattern(kNonSquare, CV_8U, 1));
  writeText(files[2], firstHalf(files[2]));
  EXPECT_TRUE(namesFile(errorOf([&] { readChannels(files); }), files[2], "truncated"));
}

TEST(ImageIo, ReadsChannelsOfDatasetImages) {
  TempDir dir;
  // Plain folder.
  const cv::Mat red = pattern(kNonSquare, CV_16U, 40);
  const std::array<std::string, 4> names{"red", "green", "blue", "yellow"};
  for (std::size_t c = 0; c < 4; ++c)
    writeImage(dir / ("p1_" + names[c] + (c == 1 ? ".tif" : ".png")),
               c == 0 ? red : pattern(kNonSquare, CV_16U, 41 + static_cast<int>(c)));
  const Dataset folder = Dataset::open(dir.path());
  ASSERT_EQ(folder.images().size(), 1u);
  const ChannelImage a = readChannels(folder, folder.images()[0]);
  EXPECT_TRUE(same(a.red, red));
  EXPECT_TRUE(same(a.green, pattern(kNonSquare, CV_16U, 42)));

  // Kaggle layout: files in train/.
  TempDir kaggle;
  writeText(kaggle / "train.csv", "ID,Label\nk1,3\n");
  for (std::size_t c = 0; c < 4; ++c)
    writeImage(kaggle / ("train/k1_" + names[c] + ".png"),
               pattern({64, 64}, CV_8U, 50 + static_cast<int>(c)));
  const Dataset k = Dataset::open(kaggle.path());
  const ChannelImage b = readChannels(k, k.images()[0]);
  EXPECT_TRUE(same(b.yellow, pattern({64, 64}, CV_8U, 53)));
}

// ---------------------------------------------------------------------------------------------
// Label images

TEST(ImageIoLabels, RoundTripKeepsEveryValue) {
  TempDir dir;
  cv::Mat labels(kNonSquare, CV_32S);
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x) labels.at<int>(y, x) = (x * 211 + y * 7919) % 65536;
  labels.at<int>(0, 0) = 0;
  labels.at<int>(199, 299) = 65535;
  writeLabelImage(dir / "labels.png", labels);
  const cv::Mat read = readLabelImage(dir / "labels.png", kNonSquare);
  EXPECT_TRUE(same(read, labels));
  // On disk: a 16-bit single-channel PNG.
  const cv::Mat raw = cv::imread((dir / "labels.png").string(), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(raw.type(), CV_16U);
  // No temporary files are left next to it.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1);
}

TEST(ImageIoLabels, WritesFrom16BitAndOverwrites) {
  TempDir dir;
  const cv::Mat labels = pattern({40, 30}, CV_16U, 9);
  writeLabelImage(dir / "l.png", cv::Mat(30, 40, CV_32S, cv::Scalar(7)));
  writeLabelImage(dir / "l.png", labels);
  cv::Mat expected;
  labels.convertTo(expected, CV_32S);
  EXPECT_TRUE(same(readLabelImage(dir / "l.png"), expected));
}

TEST(ImageIoLabels, Reads8BitPngAnd16BitTiff) {
  TempDir dir;
  const cv::Mat l8 = pattern(kNonSquare, CV_8U, 3), l16 = pattern(kNonSquare, CV_16U, 3);
  writeImage(dir / "l8.png", l8);
  writeImage(dir / "l16.tif", l16);
  cv::Mat e8, e16;
  l8.convertTo(e8, CV_32S);
  l16.convertTo(e16, CV_32S);
  EXPECT_TRUE(same(readLabelImage(dir / "l8.png"), e8));
  EXPECT_TRUE(same(readLabelImage(dir / "l16.tif", kNonSquare), e16));
}

TEST(ImageIoLabels, OutOfRangeValuesAreRejected) {
  TempDir dir;
  cv::Mat labels(20, 30, CV_32S, cv::Scalar(1));
  labels.at<int>(5, 7) = 70000;
  EXPECT_TRUE(namesFile(errorOf([&] { writeLabelImage(dir / "l.png", labels); }), dir / "l.png",
                        "cannot store label 70000 at pixel (7, 5)"));
  labels.at<int>(5, 7) = -1;
  EXPECT_TRUE(namesFile(errorOf([&] { writeLabelImage(dir / "l.png", labels); }), dir / "l.png",
                        "cannot store label -1"));
  EXPECT_FALSE(fs::exists(dir / "l.png"));
  EXPECT_TRUE(namesFile(
      errorOf([&] { writeLabelImage(dir / "l.png", cv::Mat(2, 2, CV_32F, cv::Scalar(1))); }),
      dir / "l.png", "not a single-channel integer image"));
}

TEST(ImageIoLabels, ColourLabelImageIsRejected) {
  TempDir dir;
  writeImage(dir / "l.png", cv::Mat(20, 30, CV_8UC3, cv::Scalar(1, 2, 3)));
  EXPECT_TRUE(namesFile(errorOf([&] { readLabelImage(dir / "l.png"); }), dir / "l.png",
                        "is a colour image"));
}

TEST(ImageIoLabels, SizeMismatchIsRejected) {
  TempDir dir;
  writeLabelImage(dir / "l.png", cv::Mat(kNonSquare, CV_32S, cv::Scalar(1)));
  EXPECT_TRUE(namesFile(errorOf([&] {
                          readLabelImage(dir / "l.png", {256, 256});
                        }),
                        dir / "l.png", "is 300x200 pixels but its image is 256x256 pixels"));
}

TEST(ImageIoLabels, JpegAndBadFilesAreRejected) {
  TempDir dir;
  writeImage(dir / "l.jpg", blocks(kNonSquare, 1));
  EXPECT_TRUE(namesFile(errorOf([&] { readLabelImage(dir / "l.jpg"); }), dir / "l.jpg", "JPEG"));
  writeText(dir / "e.png", "");
  EXPECT_TRUE(namesFile(errorOf([&] { readLabelImage(dir / "e.png"); }), dir / "e.png", "empty"));
  writeImage(dir / "f.tif", cv::Mat(4, 4, CV_32F, cv::Scalar(2)));
  EXPECT_TRUE(
      namesFile(errorOf([&] { readLabelImage(dir / "f.tif"); }), dir / "f.tif", "floating-point"));
  writeLabelImage(dir / "t.png", cv::Mat(kNonSquare, CV_32S, cv::Scalar(3)));
  writeText(dir / "t.png", firstHalf(dir / "t.png"));
  EXPECT_TRUE(
      namesFile(errorOf([&] { readLabelImage(dir / "t.png"); }), dir / "t.png", "truncated"));
  EXPECT_TRUE(
      namesFile(errorOf([&] { readLabelImage(dir / "none.png"); }), dir / "none.png", "not found"));
}

}  // namespace
}  // namespace cellcam
