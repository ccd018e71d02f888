#include "cellcam/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "cellcam/error.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <unistd.h>

namespace cellcam {
namespace {

std::string describeErrno(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return "the disk is full; free some space or choose another folder";
    case EFBIG:
      return "the file would exceed the file size limit (ulimit -f) or the disk is full; raise "
             "the limit, free some space or choose another folder";
    case EACCES:
    case EPERM:
    case EROFS:
      return "the folder is not writable; choose a folder you can write to";
    case ENOENT:
      return "the folder does not exist; create it first";
    default:
      return std::strerror(err);
  }
}

/// The prefix of the writers' temporary files of a file named `name`.
std::string temporaryPrefix(const std::string& name) { return "." + name + ".tmp"; }

/// The PID in "<digits>_<digits>" (the rest of a temporary file's name), or -1 when the text
/// has another form.
long long temporaryPid(std::string_view rest) {
  const auto underscore = rest.find('_');
  if (underscore == 0 || underscore == std::string_view::npos || underscore > 18 ||
      underscore + 1 == rest.size())
    return -1;
  long long pid = 0;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (i == underscore) continue;
    if (rest[i] < '0' || rest[i] > '9') return -1;
    if (i < underscore) pid = pid * 10 + (rest[i] - '0');
  }
  return pid;
}

/// Whether a process with this PID runs on this machine (one of another user counts).
bool processRuns(long long pid) {
  if (pid <= 0 || pid != static_cast<long long>(static_cast<pid_t>(pid))) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::vector<std::filesystem::path> removeStaleTemporaryFiles(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::vector<fs::path> removed;
  const fs::path dir = path.has_parent_path() ? path.parent_path() : ".";
  const std::string prefix = temporaryPrefix(path.filename().string());
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const long long pid = temporaryPid(std::string_view(name).substr(prefix.size()));
    if (pid <= 0 || processRuns(pid)) continue;
    std::error_code typeEc;
    if (!it->is_regular_file(typeEc)) continue;
    if (::unlink(it->path().c_str()) == 0) removed.push_back(it->path());
  }
  return removed;
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path) : path_(std::move(path)) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path dir = path_.has_parent_path() ? path_.parent_path() : ".";
  temporary_ = dir / (temporaryPrefix(path_.filename().string()) + std::to_string(::getpid()) +
                      "_" + std::to_string(counter.fetch_add(1)));
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throwFileError(path_, "cannot write it: " + describeErrno(errno));
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temporary_(std::move(other.temporary_)),
      fd_(other.fd_),
      committed_(other.committed_) {
  other.fd_ = -1;
  other.committed_ = true;  // nothing left for the moved-from writer to clean up
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (fd_ < 0) throw Error("internal error: writing " + path_.string() + " after close().");
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      throwFileError(path_, "writing failed: " + describeErrno(err));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    throwFileError(path_, "writing failed: " + describeErrno(err));
  }
  if (::close(fd) != 0) throwFileError(path_, "writing failed: " + describeErrno(errno));
}

void AtomicFileWriter::commit() {
  close();
  if (::rename(temporary_.c_str(), path_.c_str()) != 0)
    throwFileError(path_, "cannot replace it: " + describeErrno(errno));
  committed_ = true;
  // Make the rename itself durable: after a power loss the folder must name the new file.
  const std::filesystem::path dir = path_.has_parent_path() ? path_.parent_path() : ".";
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);  // best effort: some file systems refuse fsync on folders
    ::close(dirFd);
  }
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) {
  AtomicFileWriter writer(path);
  writer.write(bytes);
  writer.commit();
}

void ensureWritableDir(const std::filesystem::path& dir, std::uintmax_t bytesNeeded) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throwFileError(dir, "exists and is not a folder", "choose a folder for the output");
  fs::create_directories(dir, ec);
  if (ec)
    throwFileError(dir, "cannot create the folder (" + ec.message() + ")",
                   "choose a folder you can write to");
  static std::atomic<unsigned> counter{0};
  const fs::path probe = dir / (".cellcam-write-test" + std::to_string(::getpid()) + "_" +
                                std::to_string(counter.fetch_add(1)));
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throwFileError(dir, "cannot write into the folder: " + describeErrno(errno));
  const ssize_t n = ::write(fd, "x", 1);
  const int err = n == 1 ? 0 : errno;
  ::close(fd);
  ::unlink(probe.c_str());
  if (n != 1) throwFileError(dir, "cannot write into the folder: " + describeErrno(err));
  if (bytesNeeded == 0) return;
  struct statvfs st {};
  if (::statvfs(dir.c_str(), &st) != 0) return;  // unknown: the writes will tell
  const std::uintmax_t available =
      static_cast<std::uintmax_t>(st.f_bavail) * static_cast<std::uintmax_t>(st.f_frsize);
  if (available < bytesNeeded) {
    auto mib = [](std::uintmax_t bytes) { return std::to_string((bytes + (1u << 20) - 1) >> 20); };
    throwFileError(dir,
                   "the disk is full for this work (" + mib(available) + " MiB free, about " +
                       mib(bytesNeeded) + " MiB needed)",
                   "free some space or choose another folder");
  }
}

}  // namespace cellcam
