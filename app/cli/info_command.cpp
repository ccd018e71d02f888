#include <array>
#include <cstdio>
#include <filesystem>

#include "cellcam/classes.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"

#include "commands.h"

namespace cellcam::cli {

void addInfoCommand(CLI::App& app) {
  auto data = std::make_shared<std::filesystem::path>();
  CLI::App* cmd = app.add_subcommand(
      "info", "Summarise a dataset: images per split, labels per class, missing channel files");
  cmd->add_option("--data", *data,
                  "Dataset folder: the Kaggle layout (train.csv and/or sample_submission.csv) "
                  "or a folder of {ID}_red/green/blue/yellow images")
      ->required();
  cmd->callback([data]() {
    const Dataset dataset = Dataset::open(*data);
    std::array<int, kNumClasses> perClass{};
    int singleLabel = 0;
    int missing = 0;
    std::filesystem::path firstMissing;
    for (const auto& image : dataset.images()) {
      for (int label : image.labels) perClass[static_cast<std::size_t>(label)]++;
      singleLabel += image.labels.size() == 1;
      for (Channel channel : kRgbyChannels) {
        const auto file = dataset.channelFile(image, channel);
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
          if (missing++ == 0) firstMissing = file;
        }
      }
    }
    if (dataset.layout() == DatasetLayout::Folder) {
      std::printf("dataset %s (plain folder, no labels)\n", dataset.root().c_str());
      std::printf("  images: %zu\n", dataset.images().size());
    } else {
      std::printf("dataset %s (Kaggle layout)\n", dataset.root().c_str());
      std::printf("  train images: %zu (%d with a single label)\n", dataset.count(Split::Train),
                  singleLabel);
      std::printf("  test images:  %zu\n", dataset.count(Split::Test));
      std::printf("  training labels per class:\n");
      for (int c = 0; c < kNumClasses; ++c)
        std::printf("    %2d %-42s %d\n", c, std::string(className(c)).c_str(),
                    perClass[static_cast<std::size_t>(c)]);
    }
    if (missing) {
      std::printf("  missing channel files: %d (first: %s)\n", missing, firstMissing.c_str());
      throw cellcam::Error(
          firstMissing.string() + ": channel file not found (" + std::to_string(missing) +
          " missing in all); every image needs red, green, blue and yellow files.");
    }
    std::printf("  all channel files present\n");
  });
}

}  // namespace cellcam::cli
