// cellcam merge: joins the partial submissions of `cellcam predict --shard k/n` runs into one
// submission in sample_submission.csv order (mergeShardSubmissions), validates it and writes it
// atomically.
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/predict.h"
#include "cellcam/submission.h"

#include "commands.h"

namespace cellcam::cli {
namespace {

namespace fs = std::filesystem;

/// Refuses shard files that do not exist or that are given twice (by any spelling of the path),
/// before anything is read.
void checkShardFiles(const std::vector<fs::path>& shards) {
  std::set<fs::path> seen;
  for (const fs::path& shard : shards) {
    std::error_code ec;
    if (!fs::is_regular_file(shard, ec))
      throwFileError(shard, "shard submission not found",
                     "run its `cellcam predict --shard k/n` job or fix the path");
    const fs::path canonical = fs::weakly_canonical(shard, ec);
    if (!seen.insert(ec ? shard : canonical).second)
      throwFileError(shard, "the same shard file is given twice", "list each shard once");
  }
}

/// Writes `merged` to `out` through a temporary sibling that must pass validateSubmission()
/// against `sample` first; on any failure `out` is left as it was.
void writeValidated(const Submission& merged, const fs::path& out, const fs::path& sample) {
  fs::path temp = out;
  temp += ".merging.csv";
  writeSubmission(temp, merged);
  const ValidationReport report = validateSubmission(temp, sample);
  std::error_code ec;
  if (!report.ok()) {
    fs::remove(temp, ec);
    throw Error("the merged submission fails validation (" +
                std::to_string(report.problems.size() + report.moreProblems) + " problems), so " +
                out.string() + " was not written; first: " + report.problems.front());
  }
  fs::rename(temp, out, ec);
  if (ec) {
    fs::remove(temp, ec);
    throwFileError(out, "cannot be written (" + ec.message() + ")",
                   "check the folder and its permissions");
  }
}

}  // namespace

void addMergeCommand(CLI::App& app) {
  struct Options {
    fs::path data, sample, out;
    std::vector<fs::path> shards;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the shard submissions of `predict --shard k/n` runs into one submission, in "
      "sample_submission.csv order");
  auto* data =
      cmd->add_option("--data", o->data, "Dataset folder (uses its sample_submission.csv)");
  auto* sample = cmd->add_option("--sample", o->sample,
                                 "sample_submission.csv whose images and order to follow");
  data->excludes(sample);
  cmd->add_option("--out", o->out, "Merged submission CSV to write")->required();
  cmd->add_option("shards,--shards", o->shards, "Shard submissions (each shard exactly once)")
      ->required();
  cmd->callback([o]() {
    if (o->data.empty() && o->sample.empty())
      throw Error(
          "merge needs --data DIR (or --sample sample_submission.csv) for the image order.");
    const fs::path sampleFile = o->data.empty() ? o->sample : o->data / "sample_submission.csv";
    std::error_code ec;
    if (!fs::is_regular_file(sampleFile, ec))
      throwFileError(sampleFile, "file not found",
                     "pass the dataset folder the shards were predicted from");
    checkShardFiles(o->shards);
    const Submission merged = mergeShardSubmissions(o->shards, sampleFile);
    writeValidated(merged, o->out, sampleFile);
    std::size_t instances = 0;
    for (const SubmissionRow& row : merged.rows) instances += row.instances.size();
    std::printf("merged %zu shards: %zu images, %zu predictions\nwrote %s\n", o->shards.size(),
                merged.rows.size(), instances, o->out.c_str());
  });
}

}  // namespace cellcam::cli
