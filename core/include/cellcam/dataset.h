#pragma once
/// @file
/// Datasets of HPA images: the Kaggle layout (train/, test/, train.csv,
/// sample_submission.csv) or a plain folder of channel files ({ID}_red.png, ...).

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

/// How a dataset is stored on disk.
enum class DatasetLayout {
  Kaggle,  ///< train/ and test/ with train.csv and/or sample_submission.csv.
  Folder,  ///< One folder holding {ID}_red/green/blue/yellow files, no CSVs.
};

/// One image of a dataset.
struct ImageRecord {
  std::string id;  ///< Kaggle ID, the file name prefix.
  Split split = Split::Train;
  std::vector<int> labels;  ///< Image-level labels (train only; sorted, unique, 0..18).
  int width = 0;            ///< From sample_submission.csv (test only); 0 when unknown.
  int height = 0;
};

/// A dataset: a list of images and where their channel files are. A value type that owns its
/// data; it reads the folder (and CSVs) only when opened and never touches the disk again except
/// for the existence checks in channelFile(). Immutable after opening, so one Dataset may be
/// read from several threads at once.
class Dataset {
 public:
  /// Opens `root` in whichever layout it has: openKaggle() when it holds train.csv or
  /// sample_submission.csv, else openFolder(). Throws Error naming the folder and the fix when
  /// it is missing, is not a folder, or holds neither CSV nor any {ID}_red.<ext> file.
  static Dataset open(const std::filesystem::path& root);

  /// Opens `root` in the Kaggle layout: reads train.csv (ID,Label) and sample_submission.csv
  /// (ID,ImageWidth,ImageHeight,PredictionString), whichever exist (at least one must), and
  /// checks that train/ and test/ exist for them. Throws Error naming the file and the fix
  /// for a missing folder, a bad CSV row, a bad label or a duplicate ID.
  static Dataset openKaggle(const std::filesystem::path& root);

  /// Opens a plain folder of channel files: every `{ID}_red.<ext>` in `folder` itself (not in
  /// subfolders; ext one of png, jpg, jpeg, tif, tiff, in lower or upper case; hidden files
  /// skipped) is one image with split Test, no labels and unknown size (0), sorted by ID. The
  /// other channels are not checked here (see channelFile()). Throws Error naming the folder
  /// when it is missing, is not a folder or holds no such file.
  static Dataset openFolder(const std::filesystem::path& folder);

  const std::filesystem::path& root() const { return root_; }
  DatasetLayout layout() const { return layout_; }
  const std::vector<ImageRecord>& images() const { return images_; }
  std::size_t count(Split split) const;

  /// The file of one channel of an image: the first of .png, .jpg, .jpeg, .tif, .tiff (then the
  /// same in upper case) that exists in the image's folder, which is the split's folder (train/
  /// or test/) in the Kaggle layout and root() itself for a plain folder. When none exists,
  /// the .png path (so messages name the file that is expected).
  std::filesystem::path channelFile(const ImageRecord& image, Channel channel) const;

 private:
  /// A plain-folder dataset of the given image IDs (found in `folder`).
  static Dataset folderDataset(const std::filesystem::path& folder, std::vector<std::string> ids);

  std::filesystem::path root_;
  DatasetLayout layout_ = DatasetLayout::Kaggle;
  std::vector<ImageRecord> images_;
};

}  // namespace cellcam
