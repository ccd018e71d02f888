// cellcam predict: a submission for the test images of a dataset (predictSubmission), or the
// merge of shard submissions.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cellcam/cam_model.h"
#include "cellcam/error.h"
#include "cellcam/predict.h"
#include "cellcam/runtime.h"

#include "commands.h"
#include "terminal_progress.h"

namespace cellcam::cli {
namespace {

/// "k/n" -> (k, n); Error for anything else.
std::pair<int, int> parseShard(const std::string& text) {
  const auto slash = text.find('/');
  try {
    if (slash != std::string::npos) {
      std::size_t used1 = 0, used2 = 0;
      const int k = std::stoi(text.substr(0, slash), &used1);
      const int n = std::stoi(text.substr(slash + 1), &used2);
      if (used1 == slash && used2 == text.size() - slash - 1 && n >= 1 && k >= 0 && k < n)
        return {k, n};
    }
  } catch (const std::exception&) {
  }
  throw Error("--shard " + text + " is not k/n with 0 <= k < n (e.g. --shard 0/4).");
}

}  // namespace

void addPredictCommand(CLI::App& app) {
  struct Options {
    std::filesystem::path data, ensemble, model, out, labels, scoresOut;
    std::string shard = "0/1";
    std::string precision;
    std::string device = "cpu";
    int threads = 0;
    std::vector<std::filesystem::path> merge;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "predict", "Predict a submission (every cell, every class) for a dataset's test images");
  cmd->add_option("--data", o->data, "Dataset folder with sample_submission.csv and test/")
      ->required();
  auto* ensemble = cmd->add_option("--ensemble", o->ensemble, "Ensemble JSON file");
  auto* model = cmd->add_option("--model", o->model, "A single model file (model.pt)");
  ensemble->excludes(model);
  cmd->add_option("--out", o->out, "Submission CSV to write")->required();
  cmd->add_option("--shard", o->shard, "Predict only shard k of n (every n-th image), as k/n")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads,
                  "Worker threads for reading, segmenting and scoring (0 = cores - 1); "
                  "LibTorch uses all cores")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--precision", o->precision, "fp32 or bf16 (overrides the ensemble's tta)")
      ->check(CLI::IsMember({"fp32", "bf16"}));
  cmd->add_option("--device", o->device,
                  "Where the models run: cpu, cuda, cuda:N or auto (CUDA when available); on "
                  "CUDA under fp16 autocast unless --precision fp32")
      ->capture_default_str();
  cmd->add_option("--labels", o->labels,
                  "Folder of cell label images {ID}.png to use instead of segmenting");
  cmd->add_option("--scores-out", o->scoresOut,
                  "Also write every cell's raw score, z, sigmoid, GBR and final probability "
                  "per model and class to this CSV");
  auto* merge = cmd->add_option("--merge", o->merge,
                                "Merge these shard submissions into --out (no prediction)");
  merge->excludes(ensemble)->excludes(model);
  cmd->callback([o]() {
    if (!o->merge.empty()) {
      const Submission merged = mergeShardSubmissions(o->merge, o->data / "sample_submission.csv");
      writeSubmission(o->out, merged);
      std::printf("merged %zu shards: %zu images in %s\n", o->merge.size(), merged.rows.size(),
                  o->out.c_str());
      return;
    }
    if (o->ensemble.empty() && o->model.empty())
      throw Error("predict needs --ensemble E.json or --model M.pt.");
    // Every model loaded from here on runs there (CamModel's process default).
    CamModel::setDefaultDevice(o->device, o->precision == "fp32" ? "fp32" : "fp16");
    PredictOptions p;
    p.dataDir = o->data;
    p.ensembleFile = o->ensemble;
    p.modelFile = o->model;
    p.out = o->out;
    std::tie(p.shardIndex, p.shardCount) = parseShard(o->shard);
    p.threads = o->threads;
    p.labelsDir = o->labels;
    p.precision = o->precision;
    p.scoresOut = o->scoresOut;
    PredictSummary s;
    {
      TerminalProgress progress("predict");
      s = predictSubmission(p, progress, interruptToken());
    }
    for (const std::string& w : s.warnings)
      std::fprintf(stderr, "predict: warning: %s\n", w.c_str());
    std::printf(
        "predicted %d images, %lld cells (%lld too small for the CAMs) in %.1f s "
        "(%.3f s/image, models %.1f s); peak memory %.0f MiB\nwrote %s\n",
        s.images, s.cells, s.vanishedCells, s.seconds, s.secondsPerImage, s.modelSeconds,
        static_cast<double>(s.peakRssKb) / 1024.0, o->out.c_str());
  });
}

}  // namespace cellcam::cli
