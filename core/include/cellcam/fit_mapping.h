#pragma once
/// @file
/// Fitting a model's GBR mapping (the method's step 5b, `cellcam fit-mapping`): raw cell
/// scores of single-label training images to probabilities. Torch-free.

#include <filesystem>

#include "cellcam/inference.h"
#include "cellcam/mapping.h"
#include "cellcam/progress.h"
#include "cellcam/project.h"
#include "cellcam/segmentation.h"

namespace cellcam {

/// Options of fitMapping().
struct FitMappingOptions {
  int maxImages = 0;      ///< Use at most this many single-label images (the first ones); 0 = all.
  TtaConfig tta;          ///< How the CAMs are computed (use the same as for prediction).
  MappingConfig mapping;  ///< Sigmoid settings (for z) and the GBR's settings.
  SegmentationConfig segmentation;  ///< Cells of the training images.
  /// Folder of label images {ID}.png to use instead of segmenting (optional).
  std::filesystem::path labelsDir;
  /// Output file; empty = mappingFileFor(modelFile).
  std::filesystem::path out;
  /// Annotated cells (image id -> cell id -> labels, e.g. loadAnnotations() of a project
  /// folder or an annotation CSV). Every annotated cell of an image of the dataset (either
  /// split, any number of image labels) contributes numClasses rows with its own labels as
  /// targets (mappingTrainingRows). The cell ids must be values of the label images this fit
  /// uses: the built-in segmentCells() with `segmentation` (the same config as when the cells
  /// were annotated), or the label images in `labelsDir`; ids that are not cells there are
  /// counted in FitMappingSummary::unmatchedAnnotations and skipped.
  AnnotationMap annotations;
};

/// What fitMapping() did.
struct FitMappingSummary {
  long long rows = 0;                  ///< Training rows (cells x classes).
  int images = 0;                      ///< Images used (single-label and annotated ones).
  long long cells = 0;                 ///< Cells that contributed rows.
  int annotatedImages = 0;             ///< Images with annotations among them.
  long long annotatedCells = 0;        ///< Annotated cells that contributed rows.
  long long unmatchedAnnotations = 0;  ///< Annotated ids that are no (visible) cell.
  double fitSeconds = 0;               ///< XGBoost fit.
  double seconds = 0;                  ///< Whole job.
  std::filesystem::path mappingFile;
};

/// Fits the GBR mapping of `modelFile` on the training images of `dataDir` that have exactly
/// one label (at most options.maxImages of them) and on every image with annotations in
/// options.annotations: per image, CAMs (computeCams) -> cell scores -> robust
/// standardisation (z) -> mappingTrainingRows (target 1 for the image's label, 0 for the other
/// classes of every cell; an annotated cell's own labels instead); then GbrMapping::fit and
/// save (atomically). Reports progress (CAMs: first 80%, fit: the rest) from the calling
/// thread; checks `cancel` between images and fit rounds (throws Cancelled, writes nothing).
/// Throws Error for a bad model or image file (naming it), an annotated image ID that is not
/// in the dataset, a dataset without single-label training images or annotations, or no rows
/// (no cells found).
FitMappingSummary fitMapping(const std::filesystem::path& modelFile,
                             const std::filesystem::path& dataDir, const FitMappingOptions& options,
                             Progress& progress, const CancelToken& cancel);

}  // namespace cellcam
