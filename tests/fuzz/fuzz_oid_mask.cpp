// libFuzzer target: the Open Images mask codec. The first two bytes give a mask height and
// width (0..63); the rest is used three ways: as submission text to decode (a decoded mask must
// encode and decode back to itself, and decodeOidRuns must agree with decodeOidMask), as a
// COCO counts string, and as raw pixels to encode (encode then decode must give the pixels).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "cellcam/error.h"
#include "cellcam/oid_mask.h"

#include "fuzz_util.h"

using cellcam::fuzz::require;

namespace {

bool sameMask(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return false;
  return a.empty() || cv::countNonZero(a != b) == 0;  // OpenCV refuses to compare empty Mats
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int height = data[0] & 63;
  const int width = data[1] & 63;
  const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);

  // 1. Decode arbitrary text.
  try {
    const cv::Mat mask = cellcam::decodeOidMask(rest, height, width);
    require(mask.rows == height && mask.cols == width && mask.type() == CV_8UC1,
            "decoded mask has the requested size and type");
    const std::vector<std::uint32_t> runs = cellcam::decodeOidRuns(rest, height, width);
    std::uint64_t total = 0;
    for (auto r : runs) total += r;
    require(total == static_cast<std::uint64_t>(height) * width, "runs cover the mask");
    const cv::Mat again = cellcam::decodeOidMask(cellcam::encodeOidMask(mask), height, width);
    require(sameMask(mask, again), "decode(encode(decode(x))) == decode(x)");
  } catch (const cellcam::Error&) {
  }

  // 2. Counts strings and the lower layers.
  try {
    (void)cellcam::parseCocoRle(rest);
  } catch (const cellcam::Error&) {
  }
  try {
    // Unused bits of the last character need not be zero (Python's b64decode, which the Kaggle
    // grader uses, accepts that too), so only decode(encode(bytes)) == bytes holds.
    const std::string bytes = cellcam::base64Decode(rest);
    const std::string encoded = cellcam::base64Encode(bytes);
    require(encoded.size() == rest.size(), "base64 round trip keeps the length");
    require(cellcam::base64Decode(encoded) == bytes, "base64 round trip");
  } catch (const cellcam::Error&) {
  }
  try {
    (void)cellcam::zlibDecompress(rest, std::size_t{1} << 20);
  } catch (const cellcam::Error&) {
  }

  // 3. Encode pixels taken from the input.
  cv::Mat pixels(height, width, CV_8UC1, cv::Scalar(0));
  for (int i = 0; i < height * width && static_cast<std::size_t>(i) < rest.size(); ++i)
    pixels.data[i] = static_cast<std::uint8_t>(rest[static_cast<std::size_t>(i)]) & 1 ? 255 : 0;
  const std::string text = cellcam::encodeOidMask(pixels);
  require(sameMask(cellcam::decodeOidMask(text, height, width), pixels), "encode round trip");
  const std::string counts = cellcam::encodeCocoRle(pixels);
  std::uint64_t total = 0;
  for (auto r : cellcam::parseCocoRle(counts)) total += r;
  require(total == static_cast<std::uint64_t>(height) * width, "COCO counts cover the mask");

  // Label images: every cell's mask decodes to exactly that cell.
  cv::Mat labels(height, width, CV_32S, cv::Scalar(0));
  for (int i = 0; i < height * width && static_cast<std::size_t>(i) < rest.size(); ++i)
    labels.at<int>(i / width, i % width) = static_cast<std::uint8_t>(rest[i]) % 5;
  for (const auto& cell : cellcam::encodeLabelImage(labels)) {
    const cv::Mat expected = labels == cell.label;
    require(sameMask(cellcam::decodeOidMask(cell.mask, height, width), expected),
            "encodeLabelImage's mask is the cell");
    require(cell.area == cv::countNonZero(expected), "encodeLabelImage's area is the cell's");
    require(cell.label > 0, "encodeLabelImage skips the background");
  }
  return 0;
}
