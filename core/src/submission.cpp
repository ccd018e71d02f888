#include "cellcam/submission.h"

#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "cellcam/atomic_file.h"
#include "cellcam/classes.h"
#include "cellcam/csv.h"
#include "cellcam/error.h"
#include "cellcam/oid_mask.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

const std::vector<std::string> kHeader{"ID", "ImageWidth", "ImageHeight", "PredictionString"};

bool parseInt(std::string_view text, int& value) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool parseDouble(std::string_view text, double& value) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(value);
}

/// Splits on runs of spaces (and tabs).
std::vector<std::string_view> tokens(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string headerProblem(const CsvTable& table) {
  if (table.header == kHeader) return {};
  std::string have;
  for (const auto& h : table.header) have += (have.empty() ? "" : ",") + h;
  return table.file.string() +
         " line 1: the header must be ID,ImageWidth,ImageHeight,PredictionString (found " + have +
         ").";
}

}  // namespace

bool parsePredictionString(std::string_view text, std::vector<Instance>& out,
                           std::string* problem) {
  out.clear();
  const std::vector<std::string_view> t = tokens(text);
  if (t.size() % 3 != 0) {
    if (problem)
      *problem = "the prediction string has " + std::to_string(t.size()) +
                 " tokens, not a multiple of three (label confidence mask)";
    return false;
  }
  out.reserve(t.size() / 3);
  for (std::size_t i = 0; i < t.size(); i += 3) {
    Instance instance;
    if (!parseInt(t[i], instance.label) || instance.label < 0 || instance.label >= kNumClasses) {
      if (problem)
        *problem = "prediction " + std::to_string(i / 3 + 1) + " has label '" + std::string(t[i]) +
                   "', not a class number 0 to 18";
      return false;
    }
    if (!parseDouble(t[i + 1], instance.confidence) || instance.confidence < 0.0 ||
        instance.confidence > 1.0) {
      if (problem)
        *problem = "prediction " + std::to_string(i / 3 + 1) + " has confidence '" +
                   std::string(t[i + 1]) + "', not a number in [0, 1]";
      return false;
    }
    instance.mask = std::string(t[i + 2]);
    out.push_back(std::move(instance));
  }
  return true;
}

std::string formatPredictionString(const std::vector<Instance>& instances) {
  std::string out;
  char number[64];
  for (const Instance& instance : instances) {
    if (!out.empty()) out += ' ';
    out += std::to_string(instance.label);
    out += ' ';
    auto [end, ec] = std::to_chars(number, number + sizeof number, instance.confidence);
    out.append(number, ec == std::errc() ? end : number);
    out += ' ';
    out += instance.mask;
  }
  return out;
}

Submission readSubmission(const fs::path& file) {
  const CsvTable table = readCsv(file);
  if (const std::string problem = headerProblem(table); !problem.empty())
    throw Error(problem + " Write the Kaggle header.");
  Submission submission;
  submission.rows.reserve(table.rows.size());
  std::unordered_set<std::string> seen;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& fields = table.rows[r];
    SubmissionRow row;
    row.id = fields[0];
    if (row.id.empty()) throw Error(table.where(r) + ": the ID is empty; fill it in.");
    if (!seen.insert(row.id).second)
      throw Error(table.where(r) + ": ID " + row.id + " appears twice; keep one row per image.");
    if (!parseInt(fields[1], row.width) || !parseInt(fields[2], row.height) || row.width <= 0 ||
        row.height <= 0)
      throw Error(table.where(r) + ": ImageWidth/ImageHeight '" + fields[1] + "'/'" + fields[2] +
                  "' are not positive integers; fix the row.");
    std::string problem;
    if (!parsePredictionString(fields[3], row.instances, &problem))
      throw Error(table.where(r) + " (" + row.id + "): " + problem + ".");
    submission.rows.push_back(std::move(row));
  }
  return submission;
}

std::string formatSubmissionHeader() {
  std::string out;
  appendCsvRow(out, kHeader);
  return out;
}

std::string formatSubmissionRow(const SubmissionRow& row) {
  std::string out;
  appendCsvRow(out, {row.id, std::to_string(row.width), std::to_string(row.height),
                     formatPredictionString(row.instances)});
  return out;
}

std::string formatSubmission(const Submission& submission) {
  std::string out = formatSubmissionHeader();
  for (const SubmissionRow& row : submission.rows) out += formatSubmissionRow(row);
  return out;
}

void writeSubmission(const fs::path& file, const Submission& submission) {
  writeFileAtomically(file, formatSubmission(submission));
}

ValidationReport validateSubmission(const fs::path& file, const fs::path& sampleSubmission,
                                    std::size_t maxProblems) {
  ValidationReport report;
  auto problem = [&](std::string text) {
    if (report.problems.size() < maxProblems)
      report.problems.push_back(std::move(text));
    else
      ++report.moreProblems;
  };

  CsvTable table;
  try {
    table = readCsv(file);
  } catch (const Error& e) {
    std::error_code ec;
    if (!fs::exists(file, ec)) throw;
    problem(e.what());  // a structural CSV problem: the grader could not read the file
    return report;
  }
  if (std::string p = headerProblem(table); !p.empty()) {
    problem(p);
    return report;
  }
  report.rows = table.rows.size();

  // IDs first: the image list is checked before the contents of the rows.
  std::unordered_map<std::string, std::size_t> rowOfId;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const std::string& id = table.rows[r][0];
    if (id.empty())
      problem(table.where(r) + ": the ID is empty.");
    else if (!rowOfId.emplace(id, r).second)
      problem(table.where(r) + " (" + id + "): ID appears twice (first on line " +
              std::to_string(table.lines[rowOfId[id]]) + ").");
  }

  if (!sampleSubmission.empty()) {
    const CsvTable sample = readCsv(sampleSubmission);
    const std::size_t idCol = sample.requireColumn("ID");
    const std::size_t widthCol = sample.requireColumn("ImageWidth");
    const std::size_t heightCol = sample.requireColumn("ImageHeight");
    std::unordered_map<std::string, std::size_t> sampleRow;
    for (std::size_t r = 0; r < sample.rows.size(); ++r) {
      const std::string& id = sample.rows[r][idCol];
      // A bad sample is the sample's fault, not the submission's: stop with its name.
      int sampleWidth = 0, sampleHeight = 0;
      if (!parseInt(sample.rows[r][widthCol], sampleWidth) || sampleWidth <= 0 ||
          !parseInt(sample.rows[r][heightCol], sampleHeight) || sampleHeight <= 0)
        throw Error(sample.where(r) + ": ImageWidth/ImageHeight '" + sample.rows[r][widthCol] +
                    "'/'" + sample.rows[r][heightCol] +
                    "' are not positive integers; fix the sample submission.");
      if (id.empty())
        throw Error(sample.where(r) + ": the ID is empty; fix the sample submission.");
      if (!sampleRow.emplace(id, r).second)
        throw Error(sample.where(r) + ": ID " + id +
                    " appears twice; fix the sample submission (one row per image).");
      auto it = rowOfId.find(id);
      if (it == rowOfId.end()) {
        problem(file.string() + ": image " + id + " of " + sampleSubmission.filename().string() +
                " (line " + std::to_string(sample.lines[r]) + ") has no row.");
        continue;
      }
      const auto& fields = table.rows[it->second];
      int width = 0, height = 0;
      const bool sizeRead = parseInt(fields[1], width) && parseInt(fields[2], height);
      if (sizeRead && (width != sampleWidth || height != sampleHeight))
        problem(table.where(it->second) + " (" + id + "): size " + fields[1] + "x" + fields[2] +
                " differs from the sample's " + sample.rows[r][widthCol] + "x" +
                sample.rows[r][heightCol] + ".");
    }
    std::size_t previous = 0;
    bool orderReported = false;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const std::string& id = table.rows[r][0];
      auto it = sampleRow.find(id);
      if (it == sampleRow.end()) {
        if (!id.empty())
          problem(table.where(r) + " (" + id + "): this ID is not in " +
                  sampleSubmission.filename().string() + ".");
        continue;
      }
      if (it->second < previous && !orderReported) {
        problem(table.where(r) + " (" + id + "): rows are not in the order of " +
                sampleSubmission.filename().string() + " (this image is on its line " +
                std::to_string(sample.lines[it->second]) + ").");
        orderReported = true;
      }
      previous = it->second;
    }
  }

  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& fields = table.rows[r];
    const std::string& id = fields[0];
    const std::string where = table.where(r) + (id.empty() ? "" : " (" + id + ")");
    int width = 0, height = 0;
    if (!parseInt(fields[1], width) || width <= 0 || !parseInt(fields[2], height) || height <= 0) {
      problem(where + ": ImageWidth/ImageHeight '" + fields[1] + "'/'" + fields[2] +
              "' are not positive integers.");
      continue;
    }
    std::vector<Instance> instances;
    std::string p;
    if (!parsePredictionString(fields[3], instances, &p)) {
      problem(where + ": " + p + ".");
      continue;
    }
    report.instances += instances.size();
    // Each distinct mask is decoded once (a cell's mask repeats for every class); a row's bad
    // masks are reported together.
    std::unordered_set<std::string_view> checked;
    std::size_t bad = 0;
    std::string first;
    for (std::size_t k = 0; k < instances.size(); ++k) {
      const std::string_view mask = instances[k].mask;
      if (!checked.insert(mask).second) continue;
      ++report.uniqueMasks;
      try {
        decodeOidRuns(mask, height, width);
      } catch (const Error& e) {
        if (bad++ == 0) {
          std::string reason = e.what();
          if (!reason.empty() && reason.back() == '.') reason.pop_back();
          first = "the mask of prediction " + std::to_string(k + 1) + " does not decode to " +
                  std::to_string(width) + "x" + std::to_string(height) + " (" + reason + ")";
        }
      }
    }
    if (bad == 1) problem(where + ": " + first + ".");
    if (bad > 1)
      problem(where + ": " + first + ", and " + std::to_string(bad - 1) +
              " more distinct masks of this row do not either.");
  }
  return report;
}

}  // namespace cellcam
