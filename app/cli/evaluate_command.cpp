#include <cstdio>
#include <filesystem>

#include "cellcam/classes.h"
#include "cellcam/error.h"
#include "cellcam/metric.h"
#include "cellcam/submission.h"

#include "commands.h"

namespace cellcam::cli {

void addEvaluateCommand(CLI::App& app) {
  struct Options {
    std::filesystem::path truth, predicted;
    double iou = 0.6;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "Score a submission against ground truth: per-class AP and mAP at IoU >= 0.6 (HPA metric)");
  cmd->add_option("truth", o->truth, "Ground truth in submission format (e.g. test_gt.csv)")
      ->required();
  cmd->add_option("submission", o->predicted, "Submission CSV to score")->required();
  cmd->add_option("--iou", o->iou, "IoU threshold of a match")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->callback([o]() {
    // The first problem validateSubmission finds in `file` as one sentence naming the file and
    // line, or "" when there is none.
    auto firstProblem = [](const std::filesystem::path& file) -> std::string {
      const ValidationReport report = validateSubmission(file, {}, 1);
      if (report.ok()) return {};
      std::string first = report.problems.front();
      while (!first.empty() && (first.back() == '.' || first.back() == ' ')) first.pop_back();
      const std::size_t more = report.moreProblems;
      return first + (more ? " (and " + std::to_string(more) + " more problems)" : "") +
             "; run 'cellcam validate " + file.string() + "' for the full list.";
    };
    const Submission truth = readSubmission(o->truth);
    const Submission predicted = readSubmission(o->predicted);
    MetricResult r;
    try {
      r = evaluateSubmission(truth, predicted, o->iou);
    } catch (const Error& e) {
      // A mask that does not decode: say which file and line it is on.
      if (std::string(e.what()).find("does not decode") != std::string::npos)
        for (const auto& file : {o->predicted, o->truth})
          if (std::string problem = firstProblem(file); !problem.empty()) throw Error(problem);
      throw;
    }
    // Every mask must decode, as a grader requires, even where the metric never looked (a
    // class without ground truth).
    for (const auto& file : {o->predicted, o->truth})
      if (std::string problem = firstProblem(file); !problem.empty()) throw Error(problem);
    std::printf("%-3s %-42s %8s %8s %8s %8s\n", "", "class", "truth", "predicted", "matched", "AP");
    for (const ClassAP& c : r.perClass) {
      if (c.groundTruth == 0 && c.predictions == 0) continue;
      std::printf("%2d  %-42s %8lld %8lld %8lld ", c.label, std::string(className(c.label)).c_str(),
                  c.groundTruth, c.predictions, c.truePositives);
      if (c.groundTruth)
        std::printf("%8.4f\n", c.ap);
      else
        std::printf("%8s\n", "skipped");
    }
    std::printf("mAP %.4f (IoU >= %.2f, %d classes with ground truth, %zu images)\n", r.mAP, o->iou,
                r.classesScored, truth.rows.size());
  });
}

}  // namespace cellcam::cli
