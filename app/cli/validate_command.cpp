#include <cstdio>
#include <filesystem>

#include "cellcam/error.h"
#include "cellcam/submission.h"

#include "commands.h"

namespace cellcam::cli {

void addValidateCommand(CLI::App& app) {
  struct Options {
    std::filesystem::path submission, sample, data;
    std::size_t maxProblems = 20;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a submission CSV as the grader would and say exactly what is wrong");
  cmd->add_option("submission", o->submission, "Submission CSV")->required();
  auto* sample = cmd->add_option("--sample", o->sample,
                                 "sample_submission.csv whose images, order and sizes to require");
  cmd->add_option("--data", o->data, "Dataset folder (uses its sample_submission.csv)")
      ->excludes(sample);
  cmd->add_option("--max-problems", o->maxProblems, "Problems to list")->capture_default_str();
  cmd->callback([o]() {
    std::filesystem::path sampleFile = o->sample;
    if (!o->data.empty()) sampleFile = o->data / "sample_submission.csv";
    std::error_code ec;
    if (!sampleFile.empty() && !std::filesystem::exists(sampleFile, ec))
      throwFileError(sampleFile, "file not found", "pass the test set's sample_submission.csv");
    const ValidationReport report = validateSubmission(o->submission, sampleFile, o->maxProblems);
    if (report.ok()) {
      std::printf(
          "%s: valid: %zu images, %zu predictions, %zu distinct masks%s\n", o->submission.c_str(),
          report.rows, report.instances, report.uniqueMasks,
          sampleFile.empty() ? " (no sample_submission.csv given: image list unchecked)" : "");
      return;
    }
    for (const std::string& problem : report.problems) std::printf("%s\n", problem.c_str());
    if (report.moreProblems) std::printf("... and %zu more problems\n", report.moreProblems);
    throw Error(o->submission.string() + ": not a valid submission (" +
                std::to_string(report.problems.size() + report.moreProblems) +
                " problems listed above); fix them and validate again.");
  });
}

}  // namespace cellcam::cli
