#pragma once
/// @file
/// Datasets in the Kaggle HPA layout: train/, test/, train.csv, sample_submission.csv.

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cellcam {

/// The four stains of an HPA image, one file per channel: {ID}_red.png etc.
enum class Channel { Red, Green, Blue, Yellow };
inline constexpr std::array<Channel, 4> kRgbyChannels{Channel::Red, Channel::Green, Channel::Blue,
                                                      Channel::Yellow};
/// "red", "green", "blue" or "yellow": the suffix in file names.
std::string_view channelName(Channel channel);

enum class Split { Train, Test };
std::string_view splitName(Split split);

/// One image of a dataset.
struct ImageRecord {
  std::string id;  ///< Kaggle ID, the file name prefix.
  Split split = Split::Train;
  std::vector<int> labels;  ///< Image-level labels (train only; sorted, unique, 0..18).
  int width = 0;            ///< From sample_submission.csv (test only); 0 when unknown.
  int height = 0;
};

/// A dataset folder in the Kaggle layout. Immutable after opening; safe to share between
/// threads for reading.
class Dataset {
 public:
  /// Opens `root`: reads train.csv (ID,Label) and sample_submission.csv
  /// (ID,ImageWidth,ImageHeight,PredictionString), whichever exist (at least one must), and
  /// checks that train/ and test/ exist for them. Throws Error naming the file and the fix
  /// for a missing folder, a bad CSV row, a bad label or a duplicate ID.
  static Dataset openKaggle(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }
  const std::vector<ImageRecord>& images() const { return images_; }
  std::size_t count(Split split) const;

  /// The file of one channel of an image: the first of .png, .jpg, .jpeg, .tif, .tiff that
  /// exists in the split's folder (the .png path when none does).
  std::filesystem::path channelFile(const ImageRecord& image, Channel channel) const;

 private:
  std::filesystem::path root_;
  std::vector<ImageRecord> images_;
};

}  // namespace cellcam
