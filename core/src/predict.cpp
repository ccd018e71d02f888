// Batch prediction of a submission (see cellcam/predict.h).
#include "cellcam/predict.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "cellcam/atomic_file.h"
#include "cellcam/dataset.h"
#include "cellcam/ensemble.h"
#include "cellcam/error.h"
#include "cellcam/image_io.h"
#include "cellcam/oid_mask.h"
#include "cellcam/segmentation.h"
#include "cellcam/timing.h"

namespace cellcam {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Text that reads back as the same float (9 significant digits).
std::string number(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(v));
  return buffer;
}

std::string detailRows(const std::string& id, const CellProbabilities& probs,
                       const std::vector<ModelCellDetails>& details) {
  std::string out;
  const std::size_t classes = static_cast<std::size_t>(probs.numClasses);
  for (std::size_t cell = 0; cell < probs.cellIds.size(); ++cell)
    for (std::size_t m = 0; m < details.size(); ++m) {
      const ModelCellDetails& d = details[m];
      for (std::size_t c = 0; c < classes; ++c) {
        const std::size_t i = cell * classes + c;
        char head[96];
        std::snprintf(head, sizeof head, ",%d,%lld,%zu,%zu,", probs.cellIds[cell],
                      d.scores.pixels[cell], m, c);
        out += id;
        out += head;
        out += number(d.imageProbabilities[c]) + ',';
        char raw[40];
        std::snprintf(raw, sizeof raw, "%.17g,", d.scores.scores[i]);
        out += raw;
        out += number(d.z[i]) + ',' + number(d.sigmoid[i]) + ',';
        if (!d.gbr.empty()) out += number(d.gbr[i]);
        out += ',' + number(d.blended[i]) + ',' + number(probs.probabilities[i]) + '\n';
      }
    }
  return out;
}

/// An image read and segmented, waiting for the model.
struct Prepared {
  ChannelImage image;
  cv::Mat labels;
};

/// An image through the model, waiting for scoring and encoding.
struct Scored {
  std::size_t index = 0;
  EnsembleCams cams;
  cv::Mat labels;
};

/// The worker pool and the two bounded hand-over points around the model.
class Pipeline {
 public:
  Pipeline(const Dataset& dataset, const std::vector<const ImageRecord*>& images,
           const Ensemble& ensemble, const fs::path& labelsDir, int workers, int ahead,
           AtomicFileWriter& submission, AtomicFileWriter* scores)
      : dataset_(dataset),
        images_(images),
        ensemble_(ensemble),
        labelsDir_(labelsDir),
        ahead_(static_cast<std::size_t>(ahead)),
        submission_(submission),
        scores_(scores) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { workerLoop(); });
  }
  ~Pipeline() { stop(); }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  /// Waits for image k to be prepared and takes it (releases the next one to the workers).
  Prepared take(std::size_t k) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return error_ || prepared_.count(k); });
    rethrowLocked();
    Prepared p = std::move(prepared_[k]);
    prepared_.erase(k);
    consumed_ = k + 1;
    changed_.notify_all();
    return p;
  }

  /// Queues an image for scoring and encoding; blocks while `ahead` are already waiting.
  void submit(Scored scored) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return error_ || scoring_.size() + busyScoring_ < ahead_; });
    rethrowLocked();
    scoring_.push_back(std::move(scored));
    changed_.notify_all();
  }

  /// Waits until every image is scored and written.
  void finish() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return error_ || finished_ == images_.size(); });
    rethrowLocked();
  }

  long long cells() const { return cells_; }
  long long instances() const { return instances_; }
  long long vanished() const { return vanished_; }

 private:
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      changed_.notify_all();
    }
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  void rethrowLocked() {
    if (error_) std::rethrow_exception(error_);
  }

  bool canPrepare() const {
    return nextPrepare_ < images_.size() && nextPrepare_ < consumed_ + ahead_;
  }

  void workerLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return stopping_ || !scoring_.empty() || canPrepare(); });
      if (stopping_ || error_) return;
      try {
        if (!scoring_.empty()) {  // behind the model first: frees memory sooner
          Scored job = std::move(scoring_.front());
          scoring_.pop_front();
          ++busyScoring_;
          lock.unlock();
          Output output = score(job);
          write(job.index, std::move(output));
          lock.lock();
          --busyScoring_;
          ++finished_;
        } else {
          const std::size_t k = nextPrepare_++;
          lock.unlock();
          Prepared p = prepare(*images_[k]);
          lock.lock();
          prepared_[k] = std::move(p);
        }
      } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        if (!error_) error_ = std::current_exception();
      }
      changed_.notify_all();
    }
  }

  Prepared prepare(const ImageRecord& record) const {
    Prepared p;
    p.image = readChannels(dataset_, record);
    if (record.width > 0 && record.height > 0 &&
        (p.image.width() != record.width || p.image.height() != record.height))
      throwFileError(dataset_.channelFile(record, Channel::Red),
                     "is " + std::to_string(p.image.width()) + "x" +
                         std::to_string(p.image.height()) + " but sample_submission.csv says " +
                         std::to_string(record.width) + "x" + std::to_string(record.height),
                     "fix the CSV or the image");
    if (!labelsDir_.empty())
      p.labels = readLabelImage(labelsDir_ / (record.id + ".png"), p.image.red.size());
    else
      p.labels = segmentCells(p.image, ensemble_.spec().segmentation);
    return p;
  }

  /// One image's lines of the submission and of the scores CSV.
  struct Output {
    std::string row, scores;
  };

  /// Writes the outputs of images in sample_submission order as soon as every earlier image
  /// is written; keeps only the few that finished out of order.
  void write(std::size_t index, Output output) {
    std::lock_guard<std::mutex> lock(writeMutex_);
    pending_.emplace(index, std::move(output));
    for (auto it = pending_.find(nextWrite_); it != pending_.end();
         it = pending_.find(nextWrite_)) {
      submission_.write(it->second.row);
      if (scores_) scores_->write(it->second.scores);
      pending_.erase(it);
      ++nextWrite_;
    }
  }

  Output score(const Scored& job) {
    const ImageRecord& record = *images_[job.index];
    Output output;
    SubmissionRow row;
    row.id = record.id;
    row.width = job.labels.cols;
    row.height = job.labels.rows;
    std::vector<ModelCellDetails> details;
    const CellProbabilities probs =
        ensemble_.combine(job.cams, job.labels, scores_ ? &details : nullptr);
    if (scores_) output.scores = detailRows(record.id, probs, details);
    const std::vector<EncodedCell> encoded = encodeLabelImage(job.labels);
    const int classes = probs.numClasses;
    std::size_t row_ = 0;
    for (const EncodedCell& cell : encoded) {
      // Both lists are sorted by id and hold the same ids.
      while (row_ < probs.cellIds.size() && probs.cellIds[row_] < cell.label) ++row_;
      if (row_ >= probs.cellIds.size() || probs.cellIds[row_] != cell.label)
        throw Error("internal error: cell " + std::to_string(cell.label) + " of image " +
                    record.id + " has no scores.");
      for (int c = 0; c < classes; ++c)
        row.instances.push_back(
            {c, probs.probabilities[row_ * static_cast<std::size_t>(classes) + c], cell.mask});
    }
    output.row = formatSubmissionRow(row);
    std::lock_guard<std::mutex> lock(countMutex_);
    cells_ += static_cast<long long>(encoded.size());
    vanished_ += probs.vanishedCells;
    instances_ += static_cast<long long>(row.instances.size());
    return output;
  }

  const Dataset& dataset_;
  const std::vector<const ImageRecord*>& images_;
  const Ensemble& ensemble_;
  const fs::path labelsDir_;
  const std::size_t ahead_;
  AtomicFileWriter& submission_;
  AtomicFileWriter* scores_;  ///< Null without --scores-out.

  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::size_t nextPrepare_ = 0, consumed_ = 0, finished_ = 0, busyScoring_ = 0;
  std::map<std::size_t, Prepared> prepared_;
  std::deque<Scored> scoring_;
  std::mutex writeMutex_;
  std::map<std::size_t, Output> pending_;  ///< Finished out of order, not written yet.
  std::size_t nextWrite_ = 0;
  std::vector<std::thread> threads_;

  std::mutex countMutex_;
  long long cells_ = 0, vanished_ = 0, instances_ = 0;
};

}  // namespace

long long peakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6);
  return 0;
}

PredictSummary predictSubmission(const PredictOptions& options, Progress& progress,
                                 const CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  if (options.out.empty()) throw Error("predict needs an output file for the submission.");
  if (options.shardCount < 1 || options.shardIndex < 0 || options.shardIndex >= options.shardCount)
    throw Error("shard " + std::to_string(options.shardIndex) + "/" +
                std::to_string(options.shardCount) + " is out of range; use k/n with 0 <= k < n.");
  if (options.aheadImages < 1) throw Error("predict needs aheadImages >= 1.");
  const fs::path sample = options.dataDir / "sample_submission.csv";
  if (!fs::exists(sample))
    throwFileError(sample, "is missing", "predict needs a dataset in the Kaggle layout");
  // A full disk or an unwritable folder shows now, not after the whole prediction.
  ensureWritableDir(options.out.has_parent_path() ? options.out.parent_path() : ".");
  if (!options.scoresOut.empty())
    ensureWritableDir(options.scoresOut.has_parent_path() ? options.scoresOut.parent_path() : ".");
  const Dataset dataset = Dataset::openKaggle(options.dataDir);

  EnsembleSpec spec;
  if (!options.ensembleFile.empty())
    spec = EnsembleSpec::load(options.ensembleFile);
  else if (!options.modelFile.empty())
    spec = EnsembleSpec::singleModel(options.modelFile);
  else
    throw Error("predict needs an ensemble file or a model file.");
  if (!options.precision.empty()) spec.tta.precision = options.precision;
  const Ensemble ensemble = Ensemble::load(spec);

  std::vector<const ImageRecord*> images;
  std::size_t testIndex = 0;
  for (const ImageRecord& r : dataset.images()) {
    if (r.split != Split::Test) continue;
    if (testIndex++ % static_cast<std::size_t>(options.shardCount) ==
        static_cast<std::size_t>(options.shardIndex))
      images.push_back(&r);
  }

  PredictSummary summary;
  summary.warnings = ensemble.warnings();
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  const int workers =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, hw - 1));

  // Rows are written as they are finished (memory stays bounded however many images there
  // are), to temporary files that replace the outputs only once the submission validates.
  AtomicFileWriter submissionFile(options.out);
  submissionFile.write(formatSubmissionHeader());
  std::optional<AtomicFileWriter> scoresFile;
  if (!options.scoresOut.empty()) {
    scoresFile.emplace(options.scoresOut);
    scoresFile->write(
        "ID,CellID,Pixels,Model,Class,ImageProbability,Raw,Z,Sigmoid,GBR,ModelProbability,"
        "Final\n");
  }
  {
    Pipeline pipeline(dataset, images, ensemble, options.labelsDir, workers, options.aheadImages,
                      submissionFile, scoresFile ? &*scoresFile : nullptr);
    for (std::size_t k = 0; k < images.size(); ++k) {
      cancel.throwIfCancelled();
      Prepared prepared = pipeline.take(k);
      const Clock::time_point modelStart = Clock::now();
      Scored scored;
      scored.index = k;
      scored.cams = ensemble.computeCams(prepared.image);
      scored.labels = std::move(prepared.labels);
      prepared.image = ChannelImage();
      summary.modelSeconds += secondsSince(modelStart);
      pipeline.submit(std::move(scored));

      ProgressUpdate update;
      update.fraction = static_cast<double>(k + 1) / static_cast<double>(images.size());
      const double elapsed = secondsSince(start);
      const double rate = static_cast<double>(k + 1) / std::max(elapsed, 1e-9);
      // The front end derives the ETA from the fraction.
      update.message = "image " + std::to_string(k + 1) + "/" + std::to_string(images.size());
      update.metrics["images/s"] = rate;
      progress.report(update);
    }
    cancel.throwIfCancelled();
    pipeline.finish();
    summary.cells = pipeline.cells();
    summary.vanishedCells = pipeline.vanished();
    summary.instances = pipeline.instances();
  }

  submissionFile.close();
  const ValidationReport report = validateSubmission(submissionFile.temporaryPath(),
                                                     options.shardCount == 1 ? sample : fs::path());
  if (!report.ok())
    throw Error("the predicted submission fails validation (" +
                std::to_string(report.problems.size() + report.moreProblems) + " problems), so " +
                options.out.string() + " was not written; first: " + report.problems.front());
  submissionFile.commit();
  if (scoresFile) scoresFile->commit();

  summary.images = static_cast<int>(images.size());
  summary.seconds = secondsSince(start);
  summary.secondsPerImage = summary.images ? summary.seconds / summary.images : 0.0;
  summary.peakRssKb = peakRssKb();
  return summary;
}

Submission mergeShardSubmissions(const std::vector<fs::path>& shards,
                                 const fs::path& sampleSubmission) {
  const Submission sample = readSubmission(sampleSubmission);
  std::map<std::string, std::pair<SubmissionRow, fs::path>> byId;
  for (const fs::path& file : shards) {
    Submission part = readSubmission(file);
    for (SubmissionRow& row : part.rows) {
      const auto found = byId.find(row.id);
      if (found != byId.end())
        throwFileError(file,
                       "predicts image " + row.id + ", which " +
                           found->second.second.filename().string() + " predicts too",
                       "merge each shard once");
      const std::string id = row.id;
      byId.emplace(id, std::make_pair(std::move(row), file));
    }
  }
  Submission merged;
  for (const SubmissionRow& want : sample.rows) {
    const auto found = byId.find(want.id);
    if (found == byId.end())
      throwFileError(sampleSubmission, "lists image " + want.id + ", which no shard predicted",
                     "run the missing shard");
    merged.rows.push_back(std::move(found->second.first));
    byId.erase(found);
  }
  if (!byId.empty())
    throwFileError(byId.begin()->second.second,
                   "predicts image " + byId.begin()->first + ", which " +
                       sampleSubmission.filename().string() + " does not list",
                   "merge shards of this dataset only");
  return merged;
}

}  // namespace cellcam
