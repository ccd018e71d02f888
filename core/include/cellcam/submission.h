#pragma once
/// @file
/// The Kaggle HPA submission format: `ID,ImageWidth,ImageHeight,PredictionString`, one row
/// per image, the prediction string holding `label confidence mask` triples (mask = Open
/// Images text, see oid_mask.h). Reading, writing and validating it.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cellcam {

/// One instance: a cell mask with a class and a confidence.
struct Instance {
  int label = 0;
  double confidence = 0.0;
  std::string mask;  ///< Open Images mask text.
};

/// One row of a submission (or of a ground-truth file in the same format).
struct SubmissionRow {
  std::string id;
  int width = 0;
  int height = 0;
  std::vector<Instance> instances;
};

struct Submission {
  std::vector<SubmissionRow> rows;
};

/// Parses a PredictionString. Returns false and sets `problem` (one sentence) when the token
/// count is not a multiple of three, a label is not an integer 0..18, or a confidence is not a
/// number in [0, 1]. Masks are not decoded here.
bool parsePredictionString(std::string_view text, std::vector<Instance>& out,
                           std::string* problem);

/// "label confidence mask ..." with confidences in the shortest form that reads back exactly.
std::string formatPredictionString(const std::vector<Instance>& instances);

/// Reads a submission. Throws Error naming the file and line for a missing column, a bad
/// number, a bad prediction string or a duplicate ID (masks are not decoded: use
/// validateSubmission for a full check).
Submission readSubmission(const std::filesystem::path& file);

/// The CSV text of a submission (header and one row per image, in the given order).
std::string formatSubmission(const Submission& submission);

/// The CSV header line of a submission, with its line end (for writing row by row).
std::string formatSubmissionHeader();
/// One CSV line (with its line end) of a submission row, as formatSubmission() writes it.
std::string formatSubmissionRow(const SubmissionRow& row);

/// Writes a submission atomically (temporary file, fsync, rename).
void writeSubmission(const std::filesystem::path& file, const Submission& submission);

/// What validateSubmission found.
struct ValidationReport {
  std::size_t rows = 0;
  std::size_t instances = 0;
  std::size_t uniqueMasks = 0;
  std::vector<std::string> problems;  ///< One sentence each, "FILE line N: ...".
  std::size_t moreProblems = 0;       ///< Problems found beyond the listed ones.
  bool ok() const { return problems.empty(); }
};

/// Checks a submission as a grader would: the header; IDs present, unique and (with a sample
/// submission) exactly those of the sample in its order with the same sizes; sizes positive;
/// labels 0..18; confidences in [0, 1]; every mask decodes to ImageWidth x ImageHeight.
/// Lists at most `maxProblems` problems. Throws only when the file cannot be read at all.
ValidationReport validateSubmission(const std::filesystem::path& file,
                                    const std::filesystem::path& sampleSubmission = {},
                                    std::size_t maxProblems = 20);

}  // namespace cellcam
