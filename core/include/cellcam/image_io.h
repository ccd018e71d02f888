#pragma once
/// @file
/// Reading HPA channel images and cell label images from disk, with one clear error per bad
/// file. All functions are thread-safe (they share no state) and return Mats that own their
/// pixels. Files are read into memory in one go and decoded with cv::imdecode
/// (IMREAD_UNCHANGED); the format is taken from the file's magic bytes (PNG, JPEG, TIFF in
/// either byte order), not from its extension. Every Error's message is one sentence,
/// "FILE: problem; what to do." (see fileMessage()).
///
/// Not detected: damage inside JPEG or TIFF image data that keeps the file's structure (these
/// formats carry no checksums; libjpeg and libtiff decode such data without an error). PNG
/// checks a CRC per chunk, so any changed byte there is an error.

#include <array>
#include <filesystem>

#include <opencv2/core/mat.hpp>

#include "cellcam/dataset.h"

namespace cellcam {

/// The stains of one image in memory. Each plane is single-channel CV_8U or CV_16U as stored
/// (no rescaling); all planes have the same size and depth. `yellow` is empty for 3-channel
/// (RGB) images.
struct ChannelImage {
  cv::Mat red, green, blue, yellow;

  int width() const { return red.cols; }
  int height() const { return red.rows; }
  /// CV_8U or CV_16U.
  int depth() const { return red.depth(); }
  bool hasYellow() const { return !yellow.empty(); }
  /// Plane of a channel (empty Mat for a missing yellow).
  const cv::Mat& plane(Channel channel) const;
};

/// Reads one channel file: PNG, JPEG or TIFF; 8- or 16-bit; grayscale (a colour file whose
/// colour channels are equal, with no alpha or an opaque one, is accepted as grayscale).
/// Returns CV_8U or CV_16U with the stored values. Throws Error naming the file for a missing,
/// empty, truncated (a JPEG without its end marker, a PNG without IEND, a TIFF whose directory
/// or strips lie past the end) or corrupt file, a file that is not PNG/JPEG/TIFF, a colour image
/// with distinct channels, or a depth other than 8 or 16 bits (1/2/4-bit, 10/12/14-bit, signed,
/// 32-bit integer or floating-point samples).
cv::Mat readChannelFile(const std::filesystem::path& file);

/// Reads the four channel files (red, green, blue, yellow, in that order) of an image, each as
/// readChannelFile() does. The four are decoded in parallel on OpenCV's thread pool (serially
/// when called from inside another parallel region). Throws Error naming the offending file
/// when one is missing or bad (the first in channel order), or when a file's size or bit depth
/// differs from the red file's.
ChannelImage readChannels(const std::array<std::filesystem::path, 4>& files);

/// Reads the channels of a dataset image (files found with Dataset::channelFile).
ChannelImage readChannels(const Dataset& dataset, const ImageRecord& image);

/// Reads a 3-channel RGB file as an image without yellow (R = microtubules, G = protein,
/// B = nucleus). An RGBA file is accepted when its alpha is opaque everywhere. Throws Error
/// naming the file when it is not a 3-channel 8/16-bit image, or for any bad file as
/// readChannelFile() does.
ChannelImage readRgbImage(const std::filesystem::path& file);

/// Reads a cell label image (16-bit or 8-bit single-channel PNG or TIFF, 0 = background, one
/// value per cell) and returns it as CV_32S. Throws Error naming the file for a colour image, a
/// JPEG (lossy), a depth other than 8/16 bits, or a bad file. When `expected` is not empty, the
/// size must match it.
cv::Mat readLabelImage(const std::filesystem::path& file, cv::Size expected = {});

/// Writes a label image (single-channel CV_32S, CV_16U, CV_16S or CV_8U with values 0..65535)
/// as a 16-bit PNG, atomically (writeFileAtomically()). Throws Error naming the file for a value
/// out of range (with the pixel), a non-integer or multi-channel Mat, or a failed write; the
/// file is then left as it was.
void writeLabelImage(const std::filesystem::path& file, const cv::Mat& labels);

}  // namespace cellcam
