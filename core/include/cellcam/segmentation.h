#pragma once
/// @file
/// Cell segmentation: a built-in classical segmenter (nuclei from blue, cell bodies from
/// red/yellow, watershed seeded by nuclei), TorchScript segmentation models, and scoring of a
/// segmentation against true label images.

#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "cellcam/image_io.h"

namespace cellcam {

/// Parameters of the classical segmenter. Lengths are in pixels of the working resolution.
/// Saved and loaded as JSON (keys = member names); missing keys keep these defaults.
struct SegmentationConfig {
  int workSize = 512;              ///< Longest side of the working resolution (0 = full size).
  double denoiseSigma = 1.0;       ///< Gaussian blur of the blue channel before thresholding.
  double nucleusThreshold = 1.0;   ///< Factor on Otsu's threshold of the blurred blue channel.
  double nucleusMinArea = 40;      ///< Nuclei smaller than this are dropped.
  double nucleusSplit = 0.5;       ///< Seeds: distance-transform peaks above this fraction of
                                   ///< the nucleus's maximum distance (splits touching nuclei).
  double cellSigma = 1.0;          ///< Gaussian blur of the cell foreground (the mean of the
                                   ///< red, yellow and blue channels, each divided by its 99th
                                   ///< percentile) before thresholding.
  double cellThreshold = 0.6;      ///< Factor on Otsu's threshold of the cell foreground.
  double boundarySigma = 3.0;      ///< Gaussian blur of the foreground whose valleys separate
                                   ///< touching cells (the watershed's elevation).
  double cellMinArea = 150;        ///< Cells smaller than this are dropped.
  bool removeBorderCells = false;  ///< Drop cells that touch the image border.

  /// Reads a JSON file (keys = member names; missing keys keep the defaults). Throws Error
  /// naming the file and the key for an unknown key, a value of the wrong type or one out of
  /// range (the message gives the allowed range), and naming the file for unreadable JSON.
  static SegmentationConfig load(const std::filesystem::path& file);
  /// Every member as a JSON object text (keys = member names, in declaration order), the
  /// format load() reads; save() writes this text.
  std::string toJson() const;
  /// Writes every member as JSON (toJson()), atomically. Throws Error naming the file on
  /// failure.
  void save(const std::filesystem::path& file) const;
  /// Throws Error naming the member and its allowed range when a value is out of range.
  void validate() const;
};

/// Segments cells with the classical pipeline. Returns a CV_32S label image at the original
/// size (0 = background, cells 1..N without gaps). Thread-safe.
///
/// At the working size (channels as floats 0..1, area-averaged): nuclei = blurred blue above
/// Otsu x nucleusThreshold, holes filled, split at necks by seeds (distance-transform peaks,
/// see nucleusSplit) and a watershed on the inverted distance, small ones dropped. Cells = the
/// foreground (mean of the percentile-normalised red, yellow and blue, blurred by cellSigma,
/// above Otsu x cellThreshold, plus the nuclei) flooded from the nuclei over the inverted
/// foreground intensity blurred by boundarySigma; foreground without a nucleus stays
/// background; small cells dropped. Labels go back to the original size by nearest neighbour.
/// About 15-25 ms per image on one core at workSize 512, for 512 and 2048 px inputs alike.
/// Throws Error for channels of different sizes, a missing red or blue channel, or a config
/// value out of range.
cv::Mat segmentCells(const ChannelImage& image, const SegmentationConfig& config = {});

/// Segmentation by two TorchScript models in the manner of the HPA cell segmentator (a nuclei
/// model and a cell model). Not thread-safe: use one instance per thread.
///
/// Model contract (both files; full text at the top of segmentation_models.cpp):
/// - A TorchScript archive (torch.jit.script/trace + torch.jit.save); `forward(x)` takes one
///   float32 tensor [N,3,H,W] and returns one tensor [N,3,h,w]. Run on the CPU, eval mode,
///   no grad, float32.
/// - Input: stains scaled to 0..1 (8-bit / 255, 16-bit / 65535), normalised per channel with
///   ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). Nuclei model: blue in
///   all three channels. Cell model: (red, yellow, blue), yellow zeros when absent. The image
///   is resized so that its longest side is config.workSize (0 = full size) and padded at the
///   right and bottom by reflection to multiples of 32; the padding is cropped off the output.
/// - Output: logits, channel 0 background, 1 boundary, 2 interior (of nuclei, resp. cells).
///   A softmax over the channels is always applied; an output smaller than the input is
///   resized bilinearly (half-pixel centres) after the softmax.
/// - Post-processing: nuclei = 8-connected components of P(nucleus interior) > 0.5 with at
///   least config.nucleusMinArea pixels; cells = watershed (4-connected priority flood,
///   elevation 1 - P(cell interior)) from the nuclei over the foreground
///   P(cell interior) + P(cell boundary) > 0.5 (plus the nuclei), so each cell has one
///   nucleus; cells under config.cellMinArea pixels and, with config.removeBorderCells, cells
///   touching the border are dropped; labels are resized back (nearest) and renumbered 1..N.
class TorchSegmenter {
 public:
  /// Loads the nuclei model and the cell model. Throws Error naming the file when a file is
  /// missing or is not a TorchScript archive with the expected contract.
  TorchSegmenter(const std::filesystem::path& nucleiModel, const std::filesystem::path& cellModel,
                 const SegmentationConfig& config = {});
  ~TorchSegmenter();
  TorchSegmenter(TorchSegmenter&&) noexcept;
  TorchSegmenter& operator=(TorchSegmenter&&) noexcept;

  /// Same output as segmentCells().
  cv::Mat segment(const ChannelImage& image);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Agreement of a predicted segmentation with the truth.
struct SegmentationScore {
  long long trueCells = 0;
  long long predictedCells = 0;
  long long matched = 0;       ///< True cells matched one-to-one at IoU >= threshold.
  double sumMatchedIoU = 0.0;  ///< Sum of the IoUs of the matches.

  double matchedFraction() const { return trueCells ? double(matched) / double(trueCells) : 0; }
  double meanMatchedIoU() const { return matched ? sumMatchedIoU / double(matched) : 0; }
  /// Adds another image's counts (for dataset totals).
  SegmentationScore& operator+=(const SegmentationScore& other);
};

/// Matches cells of two label images of the same size (CV_32S or CV_16U) one-to-one at
/// IoU >= threshold (with IoU > 0.5 a match is unique). One pass over the pixels.
SegmentationScore scoreSegmentation(const cv::Mat& truth, const cv::Mat& predicted,
                                    double iouThreshold = 0.6);

}  // namespace cellcam
