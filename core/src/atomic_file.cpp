#include "cellcam/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "cellcam/error.h"

#include <fcntl.h>
#include <unistd.h>

namespace cellcam {
namespace {

std::string describeErrno(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return "the disk is full; free some space or choose another folder";
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

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  const std::filesystem::path tmp =
      dir / ("." + path.filename().string() + ".tmp" + std::to_string(::getpid()) + "_" +
             std::to_string(counter.fetch_add(1)));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throwFileError(path, "cannot write it: " + describeErrno(errno));
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throwFileError(path, "writing failed: " + describeErrno(err));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throwFileError(path, "writing failed: " + describeErrno(err));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throwFileError(path, "cannot replace it: " + describeErrno(err));
  }
}

}  // namespace cellcam
