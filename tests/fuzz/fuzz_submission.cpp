// libFuzzer target: the submission reader. The input is parsed as a PredictionString (a good
// one must format and parse back to the same instances) and, written to a file, read with
// readSubmission and checked with validateSubmission (which decodes every mask). Only
// cellcam::Error may escape the readers, and its message must name the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/submission.h"

#include "fuzz_util.h"

using cellcam::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::vector<cellcam::Instance> instances;
  std::string problem;
  if (cellcam::parsePredictionString(text, instances, &problem)) {
    const std::string formatted = cellcam::formatPredictionString(instances);
    std::vector<cellcam::Instance> again;
    require(cellcam::parsePredictionString(formatted, again, nullptr),
            "a formatted prediction string parses");
    require(again.size() == instances.size(), "round trip keeps the instance count");
    for (std::size_t i = 0; i < again.size(); ++i) {
      require(again[i].label == instances[i].label, "round trip keeps labels");
      require(again[i].confidence == instances[i].confidence, "round trip keeps confidences");
      require(again[i].mask == instances[i].mask, "round trip keeps masks");
    }
  } else {
    require(!problem.empty(), "a rejected prediction string says why");
  }

  const auto& file = cellcam::fuzz::scratchFile("-submission.csv");
  cellcam::fuzz::writeScratch(file, data, size);
  const std::string name = file.filename().string();
  try {
    const cellcam::Submission submission = cellcam::readSubmission(file);
    for (const auto& row : submission.rows)
      for (const auto& instance : row.instances)
        require(instance.label >= 0 && instance.label <= 18, "labels are 0..18");
  } catch (const cellcam::Error& e) {
    require(std::string_view(e.what()).find(name) != std::string_view::npos,
            "readSubmission's error names the file");
  }
  try {
    const cellcam::ValidationReport report = cellcam::validateSubmission(file, {}, 5);
    require(report.problems.size() <= 5, "at most maxProblems problems are listed");
    for (const auto& p : report.problems)
      require(p.find(name) != std::string::npos, "every problem names the file");
  } catch (const cellcam::Error& e) {
    require(std::string_view(e.what()).find(name) != std::string_view::npos,
            "validateSubmission's error names the file");
  }
  return 0;
}
