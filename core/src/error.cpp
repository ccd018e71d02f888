#include "cellcam/error.h"

namespace cellcam {

std::string fileMessage(const std::filesystem::path& file, const std::string& problem,
                        const std::string& fix) {
  std::string message = file.string() + ": " + problem;
  if (!fix.empty()) message += "; " + fix;
  if (!message.empty() && message.back() != '.') message += '.';
  return message;
}

void throwFileError(const std::filesystem::path& file, const std::string& problem,
                    const std::string& fix) {
  throw Error(fileMessage(file, problem, fix));
}

}  // namespace cellcam
