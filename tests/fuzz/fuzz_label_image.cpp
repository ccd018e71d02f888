// libFuzzer target: the label-image and channel-file loaders (readLabelImage, readChannelFile)
// on arbitrary file contents. Only cellcam::Error may escape, naming the file; a loaded label
// image is CV_32S with values 0..65535.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "cellcam/error.h"
#include "cellcam/image_io.h"

#include "fuzz_util.h"

using cellcam::fuzz::require;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // A 100-byte header can announce a 30000 x 30000 image; OpenCV would allocate it before
  // finding the data missing. Keep the fuzzer's memory small (OpenCV reads this once).
  ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", "16777216", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& file = cellcam::fuzz::scratchFile("-label.png");
  cellcam::fuzz::writeScratch(file, data, size);
  const std::string name = file.filename().string();
  try {
    const cv::Mat labels = cellcam::readLabelImage(file);
    require(labels.type() == CV_32SC1 && !labels.empty(), "labels are CV_32S and not empty");
    double lo = 0, hi = 0;
    cv::minMaxLoc(labels, &lo, &hi);
    require(lo >= 0 && hi <= 65535, "label values are 0..65535");
  } catch (const cellcam::Error& e) {
    require(std::string_view(e.what()).find(name) != std::string_view::npos,
            "readLabelImage's error names the file");
  }
  try {
    const cv::Mat plane = cellcam::readChannelFile(file);
    require(plane.channels() == 1 && (plane.depth() == CV_8U || plane.depth() == CV_16U),
            "a channel plane is single-channel 8- or 16-bit");
  } catch (const cellcam::Error& e) {
    require(std::string_view(e.what()).find(name) != std::string_view::npos,
            "readChannelFile's error names the file");
  }
  return 0;
}
