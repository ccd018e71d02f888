#pragma once
/// @file
/// Durable writes: write to a temporary file next to the target, flush, fsync, rename.

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace cellcam {

/// Writes `bytes` to `path` atomically: readers see either the old file or the new one, never
/// a partial file, and a crash leaves the old file intact. Throws Error naming the file when the
/// folder is missing or unwritable or the disk is full. Thread-safe for distinct paths.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

/// Removes the temporary files that writers of `path` (writeFileAtomically, AtomicFileWriter)
/// left behind when their process died mid-write, e.g. killed with SIGKILL: the files in
/// path's folder named ".<file name>.tmp<PID>_<N>" (the writers' naming) whose PID is not a
/// running process on this machine. Temporary files of running processes (a writer at work,
/// this process included, or an unrelated process that reuses the PID) are kept, and so is
/// every other file. Returns the files it removed; never throws (a file that cannot be removed
/// or a folder that cannot be listed is skipped). Call it before writing `path` again, e.g.
/// when a job resumes in a folder a killed process wrote to.
std::vector<std::filesystem::path> removeStaleTemporaryFiles(const std::filesystem::path& path);

/// A file written in pieces and published atomically, for outputs too large to hold in memory:
/// write() appends to a temporary file next to the target; close() flushes and fsyncs it (it
/// can then be read back, e.g. to validate it); commit() renames it over the target and syncs
/// the folder. Destroying an uncommitted writer removes the temporary file, so the target is
/// either the old file or the complete new one. Errors name the target file. Move-only; not
/// thread-safe.
class AtomicFileWriter {
 public:
  /// Creates the temporary file. Throws Error naming `path` when the folder is missing or not
  /// writable.
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(AtomicFileWriter&& other) noexcept;
  AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  /// Appends bytes (Error on a full disk or another write error; before close()).
  void write(std::string_view bytes);
  /// Flushes and fsyncs the temporary file and closes it; idempotent.
  void close();
  /// Publishes: close(), rename over the target, sync the folder. Error when the rename fails
  /// (the temporary file is then removed).
  void commit();
  const std::filesystem::path& path() const { return path_; }
  const std::filesystem::path& temporaryPath() const { return temporary_; }

 private:
  std::filesystem::path path_, temporary_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Checks, before long work starts, that new files can be written into `dir`: creates it (and
/// its parents) when missing, then creates, writes one byte to and removes a probe file in it;
/// when `bytesNeeded` > 0, also checks that the file system has at least that much space free
/// for this user. Throws Error naming the folder and what to do when it exists and is not a
/// folder, cannot be created, is not writable (permissions, read-only file system), the disk is
/// full, or the free space is below `bytesNeeded`. Later writes can still fail (another program
/// may fill the disk meanwhile); writeFileAtomically() reports those.
void ensureWritableDir(const std::filesystem::path& dir, std::uintmax_t bytesNeeded = 0);

}  // namespace cellcam
