#include "cellcam/dataset.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>

#include "cellcam/classes.h"
#include "cellcam/csv.h"
#include "cellcam/error.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

int parseDimension(const CsvTable& table, std::size_t row, std::size_t col) {
  const std::string& text = table.rows[row][col];
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0)
    throw Error(table.where(row) + ": " + table.header[col] + " '" + text +
                "' is not a positive integer; fix the row.");
  return value;
}

/// Channel file extensions in the order channelFile() tries them.
constexpr std::array<const char*, 10> kExtensions{".png", ".jpg", ".jpeg", ".tif", ".tiff",
                                                  ".PNG", ".JPG", ".JPEG", ".TIF", ".TIFF"};
constexpr const char* kRedPattern = "{ID}_red.png (or .jpg, .jpeg, .tif, .tiff)";
constexpr const char* kFolderFix =
    "put the files {ID}_red, {ID}_green, {ID}_blue and {ID}_yellow of each image in it";

bool isChannelExtension(const std::string& ext) {
  return std::find_if(kExtensions.begin(), kExtensions.end(),
                      [&](const char* e) { return ext == e; }) != kExtensions.end();
}

constexpr const char* kSplitFoldersFix =
    "it has a train/ or test/ folder: for the Kaggle layout, add train.csv or "
    "sample_submission.csv";

/// Whether `root` has train/ or test/ (a Kaggle layout without its CSVs).
bool hasSplitFolders(const fs::path& root) {
  std::error_code ec;
  return fs::is_directory(root / "train", ec) || fs::is_directory(root / "test", ec);
}

/// Throws unless `root` exists and is a folder.
void requireRoot(const fs::path& root, const std::string& missingFix) {
  std::error_code ec;
  if (!fs::exists(root, ec)) throwFileError(root, "folder not found", missingFix);
  if (!fs::is_directory(root, ec))
    throwFileError(root, "is not a folder", "pass the dataset folder, not a file");
}

/// The IDs of the {ID}_red.<ext> files in `folder` (not recursive, hidden files skipped),
/// sorted and unique.
std::vector<std::string> scanRedFiles(const fs::path& folder) {
  std::vector<std::string> ids;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  const fs::directory_iterator end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // hidden, e.g. macOS "._x_red.png"
    const std::size_t pos = name.rfind("_red.");
    if (pos == std::string::npos || pos == 0) continue;
    if (!isChannelExtension(name.substr(pos + 4))) continue;
    std::error_code typeEc;
    if (!it->is_regular_file(typeEc)) continue;  // follows symlinks
    ids.push_back(name.substr(0, pos));
  }
  if (ec)
    throwFileError(folder, "cannot be listed (" + ec.message() + ")",
                   "check that you may read the folder");
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<ImageRecord> folderRecords(const std::vector<std::string>& ids) {
  std::vector<ImageRecord> images;
  images.reserve(ids.size());
  for (const auto& id : ids) images.push_back(ImageRecord{id, Split::Test, {}, 0, 0});
  return images;
}

void requireFolder(const fs::path& folder, const fs::path& csv) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throwFileError(folder, "folder not found although " + csv.filename().string() + " exists",
                   "put the channel images there");
}

}  // namespace

std::string_view channelName(Channel channel) {
  switch (channel) {
    case Channel::Red:
      return "red";
    case Channel::Green:
      return "green";
    case Channel::Blue:
      return "blue";
    case Channel::Yellow:
      return "yellow";
  }
  return "?";
}

std::string_view splitName(Split split) { return split == Split::Train ? "train" : "test"; }

Dataset Dataset::open(const fs::path& root) {
  requireRoot(root,
              "pass the dataset folder: the Kaggle layout with train.csv or "
              "sample_submission.csv, or a folder of {ID}_red/green/blue/yellow images");
  std::error_code ec;
  if (fs::exists(root / "train.csv", ec) || fs::exists(root / "sample_submission.csv", ec))
    return openKaggle(root);
  const std::vector<std::string> ids = scanRedFiles(root);
  if (ids.empty())
    throwFileError(root,
                   std::string("holds neither train.csv nor sample_submission.csv nor channel "
                               "images named ") +
                       kRedPattern,
                   hasSplitFolders(root)
                       ? kSplitFoldersFix
                       : "pass a dataset folder in the Kaggle layout (or create one with "
                         "cellcam synth), or a folder with the files {ID}_red, {ID}_green, "
                         "{ID}_blue and {ID}_yellow of each image");
  return folderDataset(root, ids);
}

Dataset Dataset::folderDataset(const fs::path& folder, std::vector<std::string> ids) {
  Dataset dataset;
  dataset.root_ = folder;
  dataset.layout_ = DatasetLayout::Folder;
  dataset.images_ = folderRecords(ids);
  return dataset;
}

Dataset Dataset::openFolder(const fs::path& folder) {
  requireRoot(folder, "pass the folder that holds the channel images");
  const std::vector<std::string> ids = scanRedFiles(folder);
  if (ids.empty())
    throwFileError(folder, std::string("holds no channel images named ") + kRedPattern,
                   hasSplitFolders(folder) ? kSplitFoldersFix : kFolderFix);
  return folderDataset(folder, ids);
}

Dataset Dataset::openKaggle(const fs::path& root) {
  std::error_code ec;
  if (!fs::exists(root, ec))
    throwFileError(root, "folder not found",
                   "pass the dataset folder that holds train.csv or sample_submission.csv");
  if (!fs::is_directory(root, ec))
    throwFileError(root, "is not a folder", "pass the dataset folder, not a file");

  Dataset dataset;
  dataset.root_ = root;
  const fs::path trainCsv = root / "train.csv";
  const fs::path sampleCsv = root / "sample_submission.csv";
  const bool hasTrain = fs::exists(trainCsv, ec);
  const bool hasTest = fs::exists(sampleCsv, ec);
  if (!hasTrain && !hasTest)
    throwFileError(root, "holds neither train.csv nor sample_submission.csv",
                   "pass a dataset folder in the Kaggle layout (or create one with cellcam synth)");

  std::unordered_map<std::string, fs::path> seen;
  auto addImage = [&](ImageRecord record, const CsvTable& table, std::size_t row) {
    if (record.id.empty()) throw Error(table.where(row) + ": the ID is empty; fill it in.");
    auto [it, inserted] = seen.emplace(record.id, table.file);
    if (!inserted)
      throw Error(table.where(row) + ": ID " + record.id + " appears twice (also in " +
                  it->second.filename().string() + "); remove the duplicate row.");
    dataset.images_.push_back(std::move(record));
  };

  if (hasTrain) {
    const CsvTable table = readCsv(trainCsv);
    const std::size_t idCol = table.requireColumn("ID");
    const std::size_t labelCol = table.requireColumn("Label");
    requireFolder(root / "train", trainCsv);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      std::string problem;
      auto labels = parseLabelList(table.rows[r][labelCol], &problem);
      if (!labels) throw Error(table.where(r) + ": " + problem + "; fix the Label column.");
      addImage(ImageRecord{table.rows[r][idCol], Split::Train, std::move(*labels), 0, 0}, table, r);
    }
  }
  if (hasTest) {
    const CsvTable table = readCsv(sampleCsv);
    const std::size_t idCol = table.requireColumn("ID");
    const std::size_t widthCol = table.requireColumn("ImageWidth");
    const std::size_t heightCol = table.requireColumn("ImageHeight");
    requireFolder(root / "test", sampleCsv);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      addImage(ImageRecord{table.rows[r][idCol],
                           Split::Test,
                           {},
                           parseDimension(table, r, widthCol),
                           parseDimension(table, r, heightCol)},
               table, r);
    }
  }
  return dataset;
}

std::size_t Dataset::count(Split split) const {
  std::size_t n = 0;
  for (const auto& image : images_) n += image.split == split;
  return n;
}

fs::path Dataset::channelFile(const ImageRecord& image, Channel channel) const {
  const fs::path folder = layout_ == DatasetLayout::Folder ? root_ : root_ / splitName(image.split);
  const std::string stem = image.id + "_" + std::string(channelName(channel));
  std::error_code ec;
  for (const char* ext : kExtensions) {
    fs::path candidate = folder / (stem + ext);
    if (fs::exists(candidate, ec)) return candidate;
  }
  return folder / (stem + ".png");
}

}  // namespace cellcam
