#pragma once
/// @file
/// The 19 HPA single-cell classes (Kaggle "HPA Single Cell Classification", 2021).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cellcam {

inline constexpr int kNumClasses = 19;
/// Class 18: no protein localisation detected (or outside the other 18 patterns).
inline constexpr int kNegativeClass = 18;

/// English name of class 0..18, e.g. 0 -> "Nucleoplasm". Throws Error if out of range.
std::string_view className(int label);

/// Parses an image-level label field such as "0|5|18" (Kaggle train.csv). Labels are sorted and
/// unique. Returns nullopt and sets `problem` when a token is not an integer in 0..18.
std::optional<std::vector<int>> parseLabelList(std::string_view field, std::string* problem);

/// Joins labels with '|', as train.csv does.
std::string formatLabelList(const std::vector<int>& labels);

}  // namespace cellcam
