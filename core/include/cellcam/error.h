#pragma once
/// @file
/// The one exception type that core throws for errors a user can cause or fix.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace cellcam {

/// An error with a message meant for the user: one sentence that names the file (if any),
/// what is wrong and what to do. Thrown by every core function on bad input or failed I/O;
/// front ends print `what()` as is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by a job when its CancelToken was triggered; not a failure.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled by the user") {}
};

/// Builds the standard message "FILE: PROBLEM; FIX." (fix may be empty).
std::string fileMessage(const std::filesystem::path& file, const std::string& problem,
                        const std::string& fix = {});

/// Throws Error(fileMessage(file, problem, fix)).
[[noreturn]] void throwFileError(const std::filesystem::path& file, const std::string& problem,
                                 const std::string& fix = {});

}  // namespace cellcam
