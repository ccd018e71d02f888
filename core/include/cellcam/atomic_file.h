#pragma once
/// @file
/// Durable writes: write to a temporary file next to the target, flush, fsync, rename.

#include <filesystem>
#include <string_view>

namespace cellcam {

/// Writes `bytes` to `path` atomically: readers see either the old file or the new one, never
/// a partial file, and a crash leaves the old file intact. Throws Error naming the file when the
/// folder is missing or unwritable or the disk is full. Thread-safe for distinct paths.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace cellcam
