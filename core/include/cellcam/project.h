#pragma once
/// @file
/// A CellCAM project: a folder holding `project.sqlite` (images, cells, cell annotations, run
/// history, ensembles) next to model checkpoints and caches. The database runs in WAL mode with
/// synchronous=FULL; every write is one transaction that is committed (and on disk) before the
/// call returns, so a crash never loses a change that a front end already showed as saved.
/// Torch-free and Qt-free.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cellcam/metric.h"

namespace cellcam {

/// Cell id -> its labels (sorted, unique, 0..18).
using CellLabelMap = std::map<int, std::vector<int>>;
/// Image id -> its annotated cells.
using AnnotationMap = std::map<std::string, CellLabelMap>;

/// One image known to the project (from its dataset).
struct ProjectImage {
  std::string id;
  std::string split = "train";  ///< "train" or "test".
  std::vector<int> labels;      ///< Image-level labels (empty for test images).
};

/// One cell of an image's label image, as recorded with setCells().
struct ProjectCell {
  int cellId = 0;        ///< Value in the label image (> 0).
  long long area = 0;    ///< Pixels.
  double centroidX = 0;  ///< Pixels, in the label image's coordinates.
  double centroidY = 0;
};

/// One annotated cell.
struct CellAnnotation {
  std::string imageId;
  int cellId = 0;
  std::vector<int> labels;  ///< Sorted, unique; {18} alone or classes 0..17.
  std::string updatedAt;    ///< UTC, ISO 8601 ("2026-11-27T01:02:03.456Z").
};

/// One entry of the run history (training, mapping fits, predictions, dataset segmentations).
struct RunRecord {
  long long id = 0;
  std::string name;
  std::string kind;  ///< "train", "fit-mapping", "predict", "segment"
  std::string configJson;
  std::string metricsJson;
  std::string runDir;
  std::string status;  ///< "running", "finished", "cancelled", "failed"
  std::string startedAt;
  std::string finishedAt;
};

/// A saved ensemble (models and weights) as JSON text (the ensemble file format).
struct EnsembleRecord {
  long long id = 0;
  std::string name;  ///< Unique within the project.
  std::string json;
  std::string savedAt;  ///< UTC, ISO 8601.
};

/// An open project database. Move-only; a moved-from Project may only be destroyed or assigned.
///
/// Thread-safety: one Project is used by one thread at a time. Several Project objects (in
/// threads or processes) may open the same folder at once: WAL lets readers run beside the one
/// writer, and a writer waits up to 5 s for another's transaction (then Error).
///
/// Cell ids are values of a label image, so they are only meaningful together with the
/// segmentation that produced them; setCells() records that segmentation's key per image, and
/// users of annotations (the mapping fit, the per-cell evaluation) must use the same one.
class Project {
 public:
  /// Schema version this build writes (PRAGMA user_version). Older project databases are
  /// migrated forward on open; newer ones are refused.
  static constexpr int kSchemaVersion = 1;
  /// Name of the database file inside the project folder.
  static constexpr const char* kDatabaseName = "project.sqlite";

  /// Creates the folder (if needed) and a new project database in it. When `dataDir` is not
  /// empty, the dataset there is opened (Dataset::open) and its images and labels are recorded,
  /// and the folder is remembered (dataDir()). Throws Error naming the file when the folder
  /// already holds a project, is not writable, or the dataset cannot be opened.
  static Project create(const std::filesystem::path& folder, const std::filesystem::path& dataDir);

  /// Opens an existing project: checks the database (PRAGMA quick_check) and migrates its
  /// schema forward. Throws Error naming the file when there is no project, when it was written
  /// by a newer CellCAM, or when it is another program's SQLite database. When the database is
  /// damaged (or not a database at all), copies it (and its -wal file) to
  /// `project.sqlite.damaged-YYYYMMDD-HHMMSS` (and `...-wal`) and throws Error naming the file,
  /// the backup and what to do.
  static Project open(const std::filesystem::path& folder);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;
  ~Project();

  const std::filesystem::path& folder() const;
  /// The dataset folder given to create() (empty when none).
  std::filesystem::path dataDir() const;

  // ---- Images and cells ----------------------------------------------------------------------

  /// Adds images or replaces their split and labels (one transaction). Throws Error for an empty
  /// id, a split other than "train"/"test" or a label out of range.
  void addImages(const std::vector<ProjectImage>& images);
  /// All images, sorted by id.
  std::vector<ProjectImage> images() const;
  /// True when the image is recorded.
  bool hasImage(const std::string& imageId) const;

  /// Replaces the recorded cells of an image with `cells`, produced by the segmentation named
  /// `segmentationKey` (e.g. "builtin:" + config JSON, or "labels:" + folder). Annotations of
  /// the image whose cell ids are not among `cells` are deleted in the same transaction when
  /// the key changes (their ids meant other cells). Throws Error for an unknown image, a
  /// cell id <= 0 or a duplicate id.
  void setCells(const std::string& imageId, const std::string& segmentationKey,
                const std::vector<ProjectCell>& cells);
  /// The recorded cells of an image, sorted by id (empty when none are recorded).
  std::vector<ProjectCell> cells(const std::string& imageId) const;
  /// Key of the segmentation whose cells are recorded for the image ("" when none).
  std::string segmentationKey(const std::string& imageId) const;

  // ---- Annotations ---------------------------------------------------------------------------

  /// Sets the labels of every cell in `cellIds` of one image to `labels` (replacing earlier
  /// ones), in one transaction committed before returning. Throws Error (changing nothing) for
  /// an unknown image, a cell id <= 0, a cell id not among the image's recorded cells (when
  /// cells are recorded), empty labels, a label out of range, or Negative (18) with any other
  /// class (Negative is exclusive).
  void setCellLabels(const std::string& imageId, const std::vector<int>& cellIds,
                     const std::vector<int>& labels);
  /// Removes the annotations of the given cells (one transaction). Unannotated ids are ignored.
  void clearCellLabels(const std::string& imageId, const std::vector<int>& cellIds);
  /// Gives each listed cell exactly its labels; an empty list clears the cell. One transaction
  /// (all or nothing); the same checks as setCellLabels(). Undo/redo use it to restore a state.
  void replaceCellLabels(const std::string& imageId, const CellLabelMap& labelsByCell);
  /// The annotated cells of one image.
  CellLabelMap cellLabels(const std::string& imageId) const;
  /// Every annotation, sorted by image id and cell id.
  std::vector<CellAnnotation> allAnnotations() const;
  /// Every annotation as image id -> cell id -> labels (the mapping fit's input).
  AnnotationMap annotationMap() const;

  /// Writes all annotations as CSV (header ID,CellID,Labels; labels joined by '|' like
  /// train.csv) atomically. Throws Error naming the file when it cannot be written.
  void exportAnnotationsCsv(const std::filesystem::path& file) const;
  /// Reads a CSV written by exportAnnotationsCsv() (BOM, CRLF and quotes allowed) and sets the
  /// labels of every listed cell, all in one transaction: on any bad row (unknown image, bad
  /// cell id, bad or non-exclusive labels, a cell listed twice) nothing changes and the Error
  /// names the file and line. Returns the number of rows applied.
  long long importAnnotationsCsv(const std::filesystem::path& file);

  // ---- Runs and ensembles --------------------------------------------------------------------

  /// Records a run and returns its id (run.id is ignored). An empty startedAt is set to now;
  /// an empty status to "running". Throws Error for an unknown kind or status.
  long long addRun(const RunRecord& run);
  /// Replaces the stored fields of run `run.id`. Throws Error when there is no such run or the
  /// kind or status is unknown.
  void updateRun(const RunRecord& run);
  /// All runs, oldest first.
  std::vector<RunRecord> runs() const;

  /// Saves (or replaces) the ensemble called `name` and returns its id. Throws Error for an
  /// empty name.
  long long saveEnsemble(const std::string& name, const std::string& json);
  /// All ensembles, sorted by name.
  std::vector<EnsembleRecord> ensembles() const;

 private:
  struct Impl;
  explicit Project(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The cells of a label image (CV_32S or CV_16U, 0 = background) for Project::setCells():
/// id, area in pixels and centroid (pixel centres, x = column), sorted by id. Throws Error
/// for another image type or a negative id. Pure.
std::vector<ProjectCell> describeCells(const cv::Mat& labels);

/// Reads annotations from `source`: a project folder (or its project.sqlite) or an annotation
/// CSV (ID,CellID,Labels, as exportAnnotationsCsv() writes). Throws Error naming the file and
/// line for a missing source or a bad row.
AnnotationMap loadAnnotations(const std::filesystem::path& source);

/// Probabilities predicted for one cell (the final, blended ones).
struct CellPrediction {
  std::string imageId;
  int cellId = 0;
  std::vector<float> probabilities;  ///< One per class (19).
};

/// Per-class results of evaluateAnnotatedCells().
struct AnnotatedCellMetric {
  /// perClass holds all 19 classes: groundTruth = scored cells annotated with the class,
  /// predictions = scored cells (each cell is ranked in every class), truePositives =
  /// groundTruth; mAP is the mean over classes with ground truth.
  MetricResult metric;
  long long cellsScored = 0;       ///< Annotated cells that have a prediction.
  long long cellsUnpredicted = 0;  ///< Annotated cells without a prediction (not scored).
};

/// Per-cell evaluation on annotated cells: for every class c, the scored cells (annotated and
/// predicted) ranked by their probability of c, a hit being a cell annotated with c;
/// AP = averagePrecision (metric.h) with the number of scored cells annotated with c as ground
/// truth; mAP = mean over classes that some scored cell has. Cells must come from the same
/// segmentation as the annotations. Throws Error for a prediction with a wrong number of
/// probabilities or a cell predicted twice. Pure.
AnnotatedCellMetric evaluateAnnotatedCells(const std::vector<CellPrediction>& predictions,
                                           const AnnotationMap& annotations);

}  // namespace cellcam
