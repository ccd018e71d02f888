// cellcam bench inference: per-stage seconds of the prediction path in fp32 and bf16, the
// pipelined throughput and peak memory, the compute bound, and the same figures for a
// straightforward Python/PyTorch version of the seed's loop (tests/bench/seed_inference.py),
// run with and without tcmalloc preloaded.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/inference_bench.h"
#include "cellcam/runtime.h"

#include "commands.h"
#include "terminal_progress.h"

namespace cellcam::cli {
namespace {

namespace fs = std::filesystem;

struct PythonFigures {
  std::string name;
  std::map<std::string, double> stages;
  double cellsPerImage = 0;
  long long peakRssKb = 0;
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Runs the Python loop; nullopt (with a note on stderr) when it cannot run.
std::optional<PythonFigures> runPython(const std::string& name, const std::string& preload,
                                       const fs::path& script, const InferenceBenchOptions& o) {
  std::ostringstream scales;
  for (std::size_t i = 0; i < o.scales.size(); ++i) scales << (i ? "," : "") << o.scales[i];
  std::string command;
  if (!preload.empty()) command += "LD_PRELOAD=" + quote(preload) + " ";
  command += "/usr/bin/python3 " + quote(script.string()) + " --data " +
             quote((o.workDir / "data").string()) + " --labels " +
             quote((o.workDir / "labels").string()) + " --size " + std::to_string(o.modelSize) +
             " --work-size " + std::to_string(o.workSize) + " --scales " + scales.str() +
             " --images " + std::to_string(o.images) + " --threads " +
             std::to_string(std::max(1u, std::thread::hardware_concurrency()));
  std::fprintf(stderr, "bench: running %s\n", command.c_str());
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  PythonFigures f;
  f.name = name;
  char line[512];
  while (std::fgets(line, sizeof line, pipe)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "stage") {
      std::string stage;
      double seconds = 0;
      in >> stage >> seconds;
      f.stages[stage] = seconds;
    } else if (key == "cells_per_image") {
      in >> f.cellsPerImage;
    } else if (key == "peak_rss_kb") {
      in >> f.peakRssKb;
    }
  }
  if (pclose(pipe) != 0 || f.stages.empty()) {
    std::fprintf(stderr, "bench: the Python run (%s) failed; see its messages above\n",
                 name.c_str());
    return std::nullopt;
  }
  return f;
}

std::string tcmallocPath() {
  for (const char* p : {"/usr/lib/x86_64-linux-gnu/libtcmalloc.so.4",
                        "/usr/lib/aarch64-linux-gnu/libtcmalloc.so.4", "/usr/lib/libtcmalloc.so.4"})
    if (fs::exists(p)) return p;
  return {};
}

void printRow(const char* label, const std::vector<double>& values, const char* format = "%14.3f") {
  std::printf("%-24s", label);
  for (double v : values) {
    if (v < 0)
      std::printf("%14s", "-");
    else
      std::printf(format, v);
  }
  std::printf("\n");
}

void run(const InferenceBenchOptions& o, const fs::path& script, bool python) {
  std::vector<InferenceBenchFigures> ours;
  {
    TerminalProgress progress("bench inference");
    ours = benchInference(o, progress);
  }
  std::vector<PythonFigures> theirs;
  if (python) {
    if (!fs::exists(script)) {
      std::fprintf(stderr, "bench: %s is missing; skipping the Python comparison (--python)\n",
                   script.c_str());
    } else {
      if (auto f = runPython("python fp32", "", script, o)) theirs.push_back(*f);
      const std::string tc = tcmallocPath();
      if (tc.empty())
        std::fprintf(stderr, "bench: libtcmalloc.so.4 not found; no tcmalloc run\n");
      else if (auto f = runPython("python+tcmalloc", tc, script, o))
        theirs.push_back(*f);
    }
  }

  const InferenceBenchFigures& first = ours.front();
  std::printf(
      "\ninference: %s at %d px, TTA %zu scales x %d flips = %d views, CAMs at %d px, %d "
      "synthetic images of %d px (%.1f cells each), %u threads, %s; seconds per image\n",
      o.backbone.c_str(), o.modelSize, o.scales.size(), o.flips ? 4 : 1, first.views,
      o.workSize, o.images, o.imageSize, first.cellsPerImage,
      std::max(1u, std::thread::hardware_concurrency()), allocatorName().c_str());
  std::printf("%-24s", "stage");
  for (const auto& f : ours) std::printf("%14s", ("cellcam " + f.precision).c_str());
  for (const auto& f : theirs) std::printf("%16s", f.name.c_str());
  std::printf("\n");
  const auto row = [&](const char* label, double InferenceStageSeconds::*field,
                       const std::string& pyKey) {
    std::vector<double> v;
    for (const auto& f : ours) v.push_back(f.stages.*field);
    for (const auto& f : theirs) {
      const auto it = f.stages.find(pyKey);
      v.push_back(it == f.stages.end() ? -1.0 : it->second);
    }
    printRow(label, v);
  };
  row("decode", &InferenceStageSeconds::decode, "decode");
  row("segment", &InferenceStageSeconds::segment, "-");
  row("CAM + TTA", &InferenceStageSeconds::camTta, "camTta");
  row("  of which forward", &InferenceStageSeconds::forward, "forward");
  row("upsample", &InferenceStageSeconds::upsample, "upsample");
  row("cell scores", &InferenceStageSeconds::cellScores, "cellScores");
  row("mapping", &InferenceStageSeconds::mapping, "mapping");
  row("encode", &InferenceStageSeconds::encode, "encode");
  const auto pyTotal = [](const PythonFigures& f) {
    double t = 0;
    for (const auto& [k, v] : f.stages)
      if (k != "forward") t += v;
    return t;
  };
  std::vector<double> totals, noSegment, rates, pipeline, peak;
  for (const auto& f : ours) {
    totals.push_back(f.stages.total());
    noSegment.push_back(f.stages.total() - f.stages.segment);
    pipeline.push_back(f.pipelineSecondsPerImage);
    rates.push_back(1.0 / f.pipelineSecondsPerImage);
    peak.push_back(f.pipelinePeakRssKb > 0 ? f.pipelinePeakRssKb / 1024.0 : -1.0);
  }
  for (const auto& f : theirs) {
    totals.push_back(-1);
    noSegment.push_back(pyTotal(f));
    pipeline.push_back(-1);
    rates.push_back(1.0 / pyTotal(f));
    peak.push_back(f.peakRssKb / 1024.0);
  }
  printRow("total, one by one", totals);
  printRow("  without segment", noSegment);
  printRow("predict pipeline", pipeline);
  printRow("images/s (pipeline)", rates);
  printRow("peak memory MiB", peak, "%14.0f");
  std::vector<double> faults;
  for (const auto& f : ours) faults.push_back(f.camPageFaults);
  printRow("page faults, CAM stage", faults, "%14.0f");
  std::printf("(python: no segmenter, cells from cellcam's label images; mapping = sigmoid only; "
              "its images/s = 1 / total without segment)\n\n");

  for (const auto& f : ours)
    std::printf(
        "compute bound %s: %.0f GFLOP per image (forward, all views) / measured GEMM %.0f "
        "GFLOP/s = %.3f s; predict pipeline %.3f s = %.2fx the bound\n",
        f.precision.c_str(), f.forwardFlops / 1e9, f.gemmGflops, f.boundSeconds,
        f.pipelineSecondsPerImage, f.pipelineSecondsPerImage / f.boundSeconds);
  for (const auto& py : theirs)
    for (const auto& f : ours)
      std::printf(
          "speed-up of cellcam %s over %s (without segment, one by one): %.2fx; "
          "cellcam pipeline incl. segmentation: %.2fx\n",
          f.precision.c_str(), py.name.c_str(), pyTotal(py) / (f.stages.total() - f.stages.segment),
          pyTotal(py) / f.pipelineSecondsPerImage);
}

}  // namespace

void addBenchInferenceCommand(CLI::App& bench) {
  struct Options {
    InferenceBenchOptions bench;
    fs::path script = fs::path(CELLCAM_SOURCE_DIR) / "tests" / "bench" / "seed_inference.py";
    bool noPython = false;
    std::string precision = "fp32,bf16";
  };
  auto o = std::make_shared<Options>();
  o->bench.workDir = fs::temp_directory_path() / "cellcam-bench-inference";
  CLI::App* cmd = bench.add_subcommand(
      "inference",
      "The prediction path per stage (decode ... encode), pipelined images/s, peak memory and "
      "the compute bound, fp32 and bf16, against a Python/PyTorch version of the seed's loop");
  cmd->add_option("--backbone", o->bench.backbone, "Backbone name")->capture_default_str();
  cmd->add_option("--size", o->bench.modelSize, "Model input side (scale 1.0)")
      ->check(CLI::Range(32, 4096))
      ->capture_default_str();
  cmd->add_option("--image-size", o->bench.imageSize, "Side of the synthetic test images")
      ->check(CLI::Range(64, 8192))
      ->capture_default_str();
  cmd->add_option("--images", o->bench.images, "Images timed per precision")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--scales", o->bench.scales, "TTA scales")->capture_default_str();
  cmd->add_flag("!--no-flips", o->bench.flips, "One view per scale instead of four");
  cmd->add_option("--work-size", o->bench.workSize, "CAM side after upsampling")
      ->capture_default_str();
  cmd->add_option("--precision", o->precision, "Comma-separated: fp32, bf16")
      ->capture_default_str();
  cmd->add_option("--model", o->bench.model, "Model file (default: random weights)");
  cmd->add_option("--work-dir", o->bench.workDir,
                  "Folder for the synthetic images, model and label images (kept and reused)")
      ->capture_default_str();
  cmd->add_option("--python-script", o->script, "The Python loop to compare with")
      ->capture_default_str();
  cmd->add_flag("--no-python", o->noPython, "Skip the Python comparison");
  cmd->callback([o]() {
    o->bench.precisions.clear();
    std::stringstream list(o->precision);
    std::string p;
    while (std::getline(list, p, ','))
      if (!p.empty()) {
        if (p != "fp32" && p != "bf16")
          throw Error("--precision lists '" + p + "'; use fp32, bf16 or both.");
        o->bench.precisions.push_back(p);
      }
    if (o->bench.precisions.empty()) throw Error("--precision needs fp32, bf16 or both.");
    run(o->bench, o->script, !o->noPython);
  });
}

}  // namespace cellcam::cli
