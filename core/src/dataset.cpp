#include "cellcam/dataset.h"

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
  const fs::path folder = root_ / splitName(image.split);
  const std::string stem = image.id + "_" + std::string(channelName(channel));
  std::error_code ec;
  for (const char* ext : {".png", ".jpg", ".jpeg", ".tif", ".tiff"}) {
    fs::path candidate = folder / (stem + ext);
    if (fs::exists(candidate, ec)) return candidate;
  }
  return folder / (stem + ".png");
}

}  // namespace cellcam
