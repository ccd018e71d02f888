// cellcam::version() for the sanitized unit tests: core's runtime.cpp, which defines it, also
// sets up LibTorch, which this torch-free build leaves out. synth.cpp records the version.
#include "cellcam/runtime.h"

namespace cellcam {

std::string version() { return CELLCAM_VERSION; }

}  // namespace cellcam
