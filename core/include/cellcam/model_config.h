#pragma once
/// @file
/// What a CAM model is: backbone, input channels, classes, input size. Saved with every model
/// as JSON so a model file alone says how to feed it.

#include <filesystem>
#include <string>

namespace cellcam {

/// How the stains become network input channels.
/// "rgby": red, green, blue, yellow (4 channels; the seed's CAM models);
/// "rgb": red, green, blue (yellow dropped); "ggg": green repeated three times (the seed's
/// image-level models).
struct ModelConfig {
  std::string backbone = "resnet50";  ///< See backboneNames() in core (e.g. resnet18, resnest101).
  std::string channels = "rgby";
  int numClasses = 19;
  int inputSize = 640;  ///< Side of the square network input during training and inference.

  /// 4 for rgby, 3 otherwise. Throws Error for an unknown mode.
  int inputChannels() const;
  /// JSON object text (keys = member names).
  std::string toJson() const;
  /// Parses JSON text; missing keys keep the defaults. Throws Error naming `source` (a file
  /// name or description) and the key for unknown keys, wrong types or bad values.
  static ModelConfig fromJson(const std::string& text, const std::string& source);
};

}  // namespace cellcam
