// cellcam fit-mapping: fit a model's GBR mapping on single-label training images (fitMapping).
#include <cstdio>
#include <filesystem>

#include "cellcam/error.h"
#include "cellcam/fit_mapping.h"
#include "cellcam/project.h"

#include "commands.h"
#include "terminal_progress.h"

namespace cellcam::cli {

void addFitMappingCommand(CLI::App& app) {
  struct Options {
    std::filesystem::path model, data, out, labels, annotations;
    int maxImages = 0;
    std::string precision = "fp32";
    std::string scaler = MappingConfig().scaler;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "fit-mapping",
      "Fit a model's score-to-probability mapping (XGBoost) on single-label training images");
  cmd->add_option("--model", o->model, "Model file (model.pt)")->required();
  cmd->add_option("--data", o->data, "Dataset folder with train.csv and train/")->required();
  cmd->add_option("--max-images", o->maxImages, "Use at most this many images (0 = all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", o->out, "Mapping file (default: MODEL with .mapping.json)");
  cmd->add_option("--labels", o->labels,
                  "Folder of cell label images {ID}.png to use instead of segmenting");
  cmd->add_option("--annotations", o->annotations,
                  "Annotated cells to fit on as well: a project folder or an annotation CSV "
                  "(ID,CellID,Labels); cell ids must come from the same segmentation");
  cmd->add_option("--scaler", o->scaler,
                  "Per-image standardisation of the scores: robust (median/IQR) or standard "
                  "(mean/std); predict must use the same (the ensemble's mapping.scaler)")
      ->check(CLI::IsMember({"robust", "standard"}))
      ->capture_default_str();
  cmd->add_option("--precision", o->precision, "fp32 or bf16")
      ->check(CLI::IsMember({"fp32", "bf16"}))
      ->capture_default_str();
  cmd->callback([o]() {
    FitMappingOptions options;
    options.maxImages = o->maxImages;
    options.out = o->out;
    options.labelsDir = o->labels;
    options.tta.precision = o->precision;
    options.mapping.scaler = o->scaler;
    if (!o->annotations.empty()) options.annotations = loadAnnotations(o->annotations);
    FitMappingSummary s;
    {
      TerminalProgress progress("fit-mapping");
      s = fitMapping(o->model, o->data, options, progress, interruptToken());
    }
    std::printf("fit on %lld rows from %d images (%lld cells) in %.1f s (fit %.1f s)\n", s.rows,
                s.images, s.cells, s.seconds, s.fitSeconds);
    if (!o->annotations.empty())
      std::printf("annotated cells used: %lld (in %d images); ids that are no cell: %lld\n",
                  s.annotatedCells, s.annotatedImages, s.unmatchedAnnotations);
    std::printf("wrote %s\n", s.mappingFile.c_str());
  });
}

}  // namespace cellcam::cli
