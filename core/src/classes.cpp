#include "cellcam/classes.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "cellcam/error.h"

namespace cellcam {
namespace {

constexpr std::array<std::string_view, kNumClasses> kClassNames{
    "Nucleoplasm",
    "Nuclear membrane",
    "Nucleoli",
    "Nucleoli fibrillar center",
    "Nuclear speckles",
    "Nuclear bodies",
    "Endoplasmic reticulum",
    "Golgi apparatus",
    "Intermediate filaments",
    "Actin filaments",
    "Microtubules",
    "Mitotic spindle",
    "Centrosome",
    "Plasma membrane",
    "Mitochondria",
    "Aggresome",
    "Cytosol",
    "Vesicles and punctate cytosolic patterns",
    "Negative",
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view className(int label) {
  if (label < 0 || label >= kNumClasses)
    throw Error("class " + std::to_string(label) + " is out of range; classes are 0 to 18.");
  return kClassNames[static_cast<std::size_t>(label)];
}

std::optional<std::vector<int>> parseLabelList(std::string_view field, std::string* problem) {
  std::vector<int> labels;
  field = trim(field);
  if (field.empty()) {
    if (problem) *problem = "the label list is empty";
    return std::nullopt;
  }
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t end = field.find('|', start);
    if (end == std::string_view::npos) end = field.size();
    std::string_view token = trim(field.substr(start, end - start));
    int value = -1;
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (token.empty() || ec != std::errc() || ptr != token.data() + token.size() || value < 0 ||
        value >= kNumClasses) {
      if (problem) *problem = "label '" + std::string(token) + "' is not a class number 0 to 18";
      return std::nullopt;
    }
    labels.push_back(value);
    start = end + 1;
  }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

std::string formatLabelList(const std::vector<int>& labels) {
  std::string out;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += '|';
    out += std::to_string(labels[i]);
  }
  return out;
}

}  // namespace cellcam
