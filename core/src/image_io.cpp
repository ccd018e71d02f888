#include "cellcam/image_io.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include "cellcam/atomic_file.h"
#include "cellcam/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace cellcam {
namespace {

const char* const kRecopy = "copy or download the file again";

// ---------------------------------------------------------------------------------------------
// Reading the bytes

/// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string readProblem(int err) {
  switch (err) {
    case EACCES:
    case EPERM:
      return "cannot be read (permission denied)";
    case EISDIR:
      return "is a folder, not an image file";
    default:
      return std::string("cannot be read (") + std::strerror(err) + ")";
  }
}

/// The whole file as a 1xN CV_8U Mat (uninitialised allocation, one read, no copies).
/// `missingFix` is the advice given when the file does not exist.
cv::Mat readFileBytes(const fs::path& file, const std::string& missingProblem,
                      const std::string& missingFix) {
  const int raw = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) throwFileError(file, missingProblem, missingFix);
    throwFileError(file, readProblem(err), "check the file's permissions");
  }
  Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throwFileError(file, readProblem(errno));
  if (S_ISDIR(st.st_mode)) throwFileError(file, "is a folder, not an image file");
  if (!S_ISREG(st.st_mode)) throwFileError(file, "is not a regular file");
  if (st.st_size == 0) throwFileError(file, "is empty (0 bytes)", kRecopy);
  if (static_cast<std::uint64_t>(st.st_size) > (std::uint64_t{1} << 31) - 1)
    throwFileError(file, "is larger than 2 GiB, too large for an image file",
                   "split it or save it with compression");
  const auto size = static_cast<int>(st.st_size);
  cv::Mat bytes(1, size, CV_8U);
  int done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd.get(), bytes.data + done, static_cast<std::size_t>(size - done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throwFileError(file, readProblem(errno), kRecopy);
    }
    if (n == 0) throwFileError(file, "shrank while it was being read", "try again");
    done += static_cast<int>(n);
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Formats and headers

enum class Format { Png, Jpeg, Tiff, BigTiff, Unknown };

Format sniff(const std::uint8_t* p, std::size_t n) {
  static const std::uint8_t png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (n >= 8 && std::memcmp(p, png, 8) == 0) return Format::Png;
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return Format::Jpeg;
  if (n >= 4 && p[0] == 'I' && p[1] == 'I' && p[3] == 0) {
    if (p[2] == 42) return Format::Tiff;
    if (p[2] == 43) return Format::BigTiff;
  }
  if (n >= 4 && p[0] == 'M' && p[1] == 'M' && p[2] == 0) {
    if (p[3] == 42) return Format::Tiff;
    if (p[3] == 43) return Format::BigTiff;
  }
  return Format::Unknown;
}

bool looksLikeText(const std::uint8_t* p, std::size_t n) {
  const std::size_t m = std::min<std::size_t>(n, 512);
  for (std::size_t i = 0; i < m; ++i) {
    const std::uint8_t c = p[i];
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
    if (c == 0x7F) return false;
  }
  return true;
}

/// What a file's header says, before decoding. Zero / false where unknown.
struct HeaderInfo {
  int bits = 0;          ///< Bits per sample as stored (0 = unknown).
  bool palette = false;  ///< Indexed colour: `bits` is the index size, colours are 8-bit.
  bool truncated = false;
  bool floatSamples = false;
  bool signedSamples = false;
  std::string truncation;  ///< What is missing, when truncated.
  std::string corruption;  ///< What is damaged, when found before decoding (empty: nothing).
};

HeaderInfo inspectPng(const std::uint8_t* p, std::size_t n) {
  HeaderInfo info;
  // Signature (8) + IHDR chunk: length (4), "IHDR" (4), 13 data bytes, CRC (4).
  if (n < 33) {
    info.truncated = true;
    info.truncation = "the file ends inside the PNG header";
    return info;
  }
  if (std::memcmp(p + 12, "IHDR", 4) != 0) return info;  // corrupt: decoding reports it
  info.bits = p[24];
  info.palette = p[25] == 3;
  // A complete PNG ends with the IEND chunk; OpenCV 4.6 reads up to it (png_read_end) and
  // fails on every file without it. Some writers append junk after IEND (such files decode),
  // so when the file does not end with it, the whole file is searched.
  static const std::uint8_t iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
  const bool endsWithIend = n >= 45 && std::memcmp(p + n - 12, iend, 12) == 0;
  if (!endsWithIend && std::search(p + 33, p + n, iend, iend + 12) == p + n) {
    info.truncated = true;
    info.truncation = "the file ends before the PNG end marker";
    return info;
  }
  // Every chunk's CRC, up to IEND: a damaged chunk is reported here, before libpng decodes it
  // (libpng would print its own complaint on stderr and OpenCV would give no reason).
  std::size_t at = 8;
  while (at + 12 <= n) {
    const std::uint64_t length = (std::uint64_t{p[at]} << 24) | (std::uint64_t{p[at + 1]} << 16) |
                                 (std::uint64_t{p[at + 2]} << 8) | p[at + 3];
    if (length > 0x7FFFFFFFu || at + 12 + length > n) {
      info.corruption = "a PNG chunk at byte " + std::to_string(at) + " claims " +
                        std::to_string(length) + " bytes, past the end of the file";
      return info;
    }
    const auto* type = p + at + 4;
    const auto body = static_cast<uInt>(4 + length);
    const std::uint32_t expected = (std::uint32_t{p[at + 8 + length]} << 24) |
                                   (std::uint32_t{p[at + 9 + length]} << 16) |
                                   (std::uint32_t{p[at + 10 + length]} << 8) | p[at + 11 + length];
    if (::crc32(::crc32(0L, Z_NULL, 0), type, body) != expected) {
      std::string name;
      for (int k = 0; k < 4; ++k) name += std::isalpha(type[k]) ? static_cast<char>(type[k]) : '?';
      info.corruption =
          "its PNG chunk " + name + " at byte " + std::to_string(at) + " fails its checksum";
      return info;
    }
    if (std::memcmp(type, "IEND", 4) == 0) break;
    at += static_cast<std::size_t>(12 + length);
  }
  return info;
}

/// Whether a JPEG stream has a frame header (SOFn) and a scan (SOS) before its end: files
/// without them hold no image, and libjpeg would complain on stderr before OpenCV fails.
bool jpegHasFrameAndScan(const std::uint8_t* p, std::size_t n) {
  bool frame = false;
  std::size_t i = 2;
  while (i + 4 <= n) {
    if (p[i] != 0xFF) {
      ++i;  // junk between segments: libjpeg skips it with a warning, and so does this walk
      continue;
    }
    while (i < n && p[i] == 0xFF) ++i;
    if (i + 3 > n) return false;
    const std::uint8_t marker = p[i++];
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9) return false;
    if (marker == 0xDA) return frame;
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
      frame = true;
    const std::size_t length = (std::size_t{p[i]} << 8) | p[i + 1];
    if (length < 2) return false;
    i += length;
  }
  return false;
}

/// True when the JPEG stream reaches its EOI marker (FF D9). Walks the marker segments by
/// their lengths and scans entropy-coded data for the next marker, so an EXIF thumbnail's EOI
/// is skipped and FF D9 inside the image data cannot occur (FF there is followed by 00 or RSTn).
/// Sets `precision` to the sample precision of the first SOF segment (0 when none is seen).
bool jpegReachesEoi(const std::uint8_t* p, std::size_t n, int& precision) {
  precision = 0;
  std::size_t i = 2;  // after SOI
  while (i < n) {
    // Find the next marker: FF followed by a non-FF, non-00 byte (fill bytes FF are allowed).
    if (p[i] != 0xFF) {
      ++i;  // junk between segments; libjpeg warns and skips it, so do we
      continue;
    }
    while (i < n && p[i] == 0xFF) ++i;
    if (i >= n) return false;
    const std::uint8_t marker = p[i++];
    if (marker == 0x00) continue;  // stuffed byte outside a scan: junk
    if (marker == 0xD9) return true;
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (i + 2 > n) return false;
    const std::size_t length = (std::size_t{p[i]} << 8) | p[i + 1];
    if (length < 2) return false;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                     marker != 0xCC;  // not DHT, JPG, DAC
    if (sof && precision == 0 && i + 2 < n) precision = p[i + 2];
    i += length;
    if (marker != 0xDA) continue;
    // Entropy-coded data of a scan: runs until FF followed by something other than 00, RSTn
    // or another FF.
    while (i < n) {
      const void* hit = std::memchr(p + i, 0xFF, n - i);
      if (!hit) return false;
      i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(hit) - p);
      std::size_t j = i + 1;
      while (j < n && p[j] == 0xFF) ++j;
      if (j >= n) return false;
      if (p[j] == 0x00 || (p[j] >= 0xD0 && p[j] <= 0xD7)) {
        i = j + 1;
        continue;
      }
      i = j - 1;  // at the FF of the next marker
      break;
    }
  }
  return false;
}

/// Fallback for JPEG files with odd segment lengths that libjpeg tolerates: FF D9 among the
/// last 32 bytes.
bool endsWithEoi(const std::uint8_t* p, std::size_t n) {
  for (std::size_t i = n > 32 ? n - 32 : 0; i + 1 < n; ++i)
    if (p[i] == 0xFF && p[i + 1] == 0xD9) return true;
  return false;
}

/// Reads IFD 0 of a classic TIFF: sample size and format, and whether the IFD and the
/// strips/tiles it points to lie inside the file.
HeaderInfo inspectTiff(const std::uint8_t* p, std::size_t n) {
  HeaderInfo info;
  const bool big = p[0] == 'M';
  auto u16 = [&](std::size_t at) -> std::uint32_t {
    return big ? (std::uint32_t{p[at]} << 8) | p[at + 1] : (std::uint32_t{p[at + 1]} << 8) | p[at];
  };
  auto u32 = [&](std::size_t at) -> std::uint32_t {
    return big ? (u16(at) << 16) | u16(at + 2) : (u16(at + 2) << 16) | u16(at);
  };
  auto truncated = [&](const char* what) {
    info.truncated = true;
    info.truncation = what;
    return info;
  };
  if (n < 8) return truncated("the file ends inside the TIFF header");
  const std::uint64_t ifd = u32(4);
  if (ifd < 8) return info;  // corrupt: decoding reports it
  if (ifd + 2 > n) return truncated("the file ends before the TIFF directory");
  const std::uint32_t entries = u16(static_cast<std::size_t>(ifd));
  if (ifd + 2 + std::uint64_t{entries} * 12 > n)
    return truncated("the file ends inside the TIFF directory");

  struct Entry {
    std::uint32_t type = 0, count = 0;
    std::size_t value = 0;  // offset of the value field
    bool present = false;
  };
  auto typeSize = [](std::uint32_t type) -> std::uint64_t {
    switch (type) {
      case 1:  // BYTE
      case 2:  // ASCII
      case 6:  // SBYTE
      case 7:  // UNDEFINED
        return 1;
      case 3:  // SHORT
      case 8:  // SSHORT
        return 2;
      case 4:   // LONG
      case 9:   // SLONG
      case 11:  // FLOAT
      case 13:  // IFD
        return 4;
      default:
        return 8;
    }
  };
  Entry bitsPerSample, sampleFormat, photometric, offsets, byteCounts, tileOffsets, tileCounts;
  for (std::uint32_t k = 0; k < entries; ++k) {
    const std::size_t at = static_cast<std::size_t>(ifd) + 2 + std::size_t{k} * 12;
    Entry e{u16(at + 2), u32(at + 4), at + 8, true};
    switch (u16(at)) {
      case 258:
        bitsPerSample = e;
        break;
      case 262:
        photometric = e;
        break;
      case 273:
        offsets = e;
        break;
      case 279:
        byteCounts = e;
        break;
      case 324:
        tileOffsets = e;
        break;
      case 325:
        tileCounts = e;
        break;
      case 339:
        sampleFormat = e;
        break;
      default:
        break;
    }
  }
  // Element i of an entry's value (SHORT or LONG); nullopt when it lies outside the file.
  auto element = [&](const Entry& e, std::uint32_t i) -> std::optional<std::uint64_t> {
    const std::uint64_t size = typeSize(e.type);
    if (size != 2 && size != 4) return std::nullopt;
    std::uint64_t at = e.value;
    if (size * e.count > 4) at = u32(e.value);
    at += size * i;
    if (at + size > n) return std::nullopt;
    const auto a = static_cast<std::size_t>(at);
    return size == 2 ? u16(a) : u32(a);
  };
  auto first = [&](const Entry& e, std::uint64_t fallback) {
    if (!e.present || e.count == 0) return fallback;
    return element(e, 0).value_or(fallback);
  };

  info.bits = static_cast<int>(first(bitsPerSample, 1));
  info.palette = first(photometric, 1) == 3;
  const std::uint64_t format = first(sampleFormat, 1);
  info.floatSamples = format == 3;
  info.signedSamples = format == 2;

  // The image data must lie inside the file.
  const Entry& off = offsets.present ? offsets : tileOffsets;
  const Entry& cnt = offsets.present ? byteCounts : tileCounts;
  auto integral = [&](const Entry& e) { return e.type == 3 || e.type == 4; };  // SHORT, LONG
  if (off.present && cnt.present && off.count == cnt.count && integral(off) && integral(cnt)) {
    for (std::uint32_t i = 0; i < off.count; ++i) {
      const auto o = element(off, i);
      const auto c = element(cnt, i);
      if (!o || !c) return truncated("the file ends inside the TIFF directory");
      if (*o + *c > n) return truncated("the file ends before the end of the TIFF image data");
    }
  }
  return info;
}

std::string formatName(Format format) {
  switch (format) {
    case Format::Png:
      return "PNG";
    case Format::Jpeg:
      return "JPEG";
    case Format::Tiff:
    case Format::BigTiff:
      return "TIFF";
    case Format::Unknown:
      break;
  }
  return "image";
}

std::string depthName(int depth) {
  switch (depth) {
    case CV_8S:
      return "signed 8-bit";
    case CV_16S:
      return "signed 16-bit";
    case CV_32S:
      return "32-bit integer";
    case CV_32F:
      return "32-bit floating-point";
    case CV_64F:
      return "64-bit floating-point";
    case CV_16F:
      return "16-bit floating-point";
    default:
      return "unsupported";
  }
}

const char* const kDepthFix = "save it as an 8- or 16-bit (unsigned integer) grayscale PNG or TIFF";

/// Reads and decodes one file with cv::IMREAD_UNCHANGED after checking its magic bytes and
/// header. Returns a CV_8U or CV_16U image with 1, 3 or 4 channels (BGR order).
cv::Mat decodeFile(const fs::path& file, const std::string& missingProblem,
                   const std::string& missingFix, bool allowJpeg) {
  const cv::Mat bytes = readFileBytes(file, missingProblem, missingFix);
  const std::uint8_t* p = bytes.data;
  const auto n = static_cast<std::size_t>(bytes.cols);
  const Format format = sniff(p, n);

  HeaderInfo info;
  switch (format) {
    case Format::Unknown:
      throwFileError(file,
                     std::string("is not a PNG, JPEG or TIFF file") +
                         (looksLikeText(p, n) ? " (it holds text)" : ""),
                     "replace it with the image, saved as PNG, JPEG or TIFF");
    case Format::Png:
      info = inspectPng(p, n);
      break;
    case Format::Jpeg:
      if (!allowJpeg)
        throwFileError(file, "is a JPEG file, and lossy JPEG compression changes cell labels",
                       "save label images as 16-bit PNG or TIFF");
      if (!jpegReachesEoi(p, n, info.bits) && !endsWithEoi(p, n)) {
        info.truncated = true;
        info.truncation = "the JPEG data ends before its end marker";
      } else if (!jpegHasFrameAndScan(p, n)) {
        info.corruption = "its JPEG segments hold no frame header and scan before the end";
      }
      break;
    case Format::Tiff:
      info = inspectTiff(p, n);
      break;
    case Format::BigTiff:
      break;  // libtiff reads it; no header checks, the decoded image is checked below
  }
  // Truncation is caught before decoding: libjpeg pads truncated data silently (OpenCV returns
  // an image), and for PNG and TIFF this saves the decoder's messages on stderr.
  if (info.truncated) throwFileError(file, "is truncated (" + info.truncation + ")", kRecopy);
  if (!info.corruption.empty())
    throwFileError(file, "is corrupt (" + info.corruption + ")", kRecopy);
  if (info.floatSamples)
    throwFileError(file, "has " + std::to_string(info.bits) + "-bit floating-point pixels",
                   kDepthFix);
  if (info.signedSamples)
    throwFileError(file, "has signed " + std::to_string(info.bits) + "-bit pixels", kDepthFix);
  // 1/2/4-bit grayscale would be expanded to 0..255 and 10/12/14-bit TIFF scaled to 16 bits by
  // OpenCV, so the values would not be the stored ones.
  if (info.bits != 0 && !info.palette && info.bits != 8 && info.bits != 16)
    throwFileError(file, "has " + std::to_string(info.bits) + "-bit pixels", kDepthFix);

  cv::Mat image;
  std::string why;
  try {
    image = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    why = e.err;
    std::replace(why.begin(), why.end(), '\n', ' ');
  }
  if (image.empty()) {
    std::string problem = "is corrupt (its " + formatName(format) + " data cannot be decoded";
    if (!why.empty()) problem += ": " + why;
    problem += ")";
    throwFileError(file, problem,
                   format == Format::Tiff || format == Format::BigTiff
                       ? std::string(kRecopy) + ", or save it again as PNG"
                       : std::string(kRecopy));
  }
  if (image.depth() != CV_8U && image.depth() != CV_16U)
    throwFileError(file, "has " + depthName(image.depth()) + " pixels", kDepthFix);
  if (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)
    throwFileError(file, "has " + std::to_string(image.channels()) + " channels",
                   "save it as a grayscale PNG or TIFF");
  return image;
}

/// Whether all pixels of a 3- or 4-channel image have equal colour channels (alpha ignored).
template <typename T>
bool isGray(const cv::Mat& image) {
  const int cn = image.channels();
  for (int y = 0; y < image.rows; ++y) {
    const T* row = image.ptr<T>(y);
    const T* end = row + static_cast<std::size_t>(image.cols) * cn;
    for (; row != end; row += cn)
      if (row[0] != row[1] || row[1] != row[2]) return false;
  }
  return true;
}

/// Whether the alpha channel of a 4-channel image is opaque everywhere.
template <typename T>
bool isOpaque(const cv::Mat& image) {
  const T opaque = std::numeric_limits<T>::max();
  for (int y = 0; y < image.rows; ++y) {
    const T* row = image.ptr<T>(y);
    for (int x = 0; x < image.cols; ++x)
      if (row[4 * x + 3] != opaque) return false;
  }
  return true;
}

std::string sizeText(const cv::Mat& m) {
  return std::to_string(m.cols) + "x" + std::to_string(m.rows) + " pixels";
}

std::string bitsText(const cv::Mat& m) { return m.depth() == CV_8U ? "8-bit" : "16-bit"; }

cv::Mat readChannelFileImpl(const fs::path& file, const std::string& missingProblem,
                            const std::string& missingFix) {
  cv::Mat image = decodeFile(file, missingProblem, missingFix, /*allowJpeg=*/true);
  if (image.channels() == 1) return image;
  const bool gray =
      image.depth() == CV_8U ? isGray<std::uint8_t>(image) : isGray<std::uint16_t>(image);
  if (!gray)
    throwFileError(file,
                   "is a colour image with distinct colour channels, but a channel file must "
                   "hold one stain",
                   "save it as a grayscale image");
  if (image.channels() == 4) {
    const bool opaque =
        image.depth() == CV_8U ? isOpaque<std::uint8_t>(image) : isOpaque<std::uint16_t>(image);
    if (!opaque)
      throwFileError(file, "has a transparent alpha channel",
                     "save it as a grayscale image without transparency");
  }
  cv::Mat plane;
  cv::extractChannel(image, plane, 0);
  return plane;
}

}  // namespace

const cv::Mat& ChannelImage::plane(Channel channel) const {
  switch (channel) {
    case Channel::Red:
      return red;
    case Channel::Green:
      return green;
    case Channel::Blue:
      return blue;
    case Channel::Yellow:
      return yellow;
  }
  return yellow;
}

cv::Mat readChannelFile(const fs::path& file) {
  return readChannelFileImpl(file, "file not found", "check the path");
}

ChannelImage readChannels(const std::array<fs::path, 4>& files) {
  // A missing file is reported before any decoding, in channel order.
  for (std::size_t c = 0; c < files.size(); ++c) {
    std::error_code ec;
    if (!fs::exists(files[c], ec))
      throwFileError(
          files[c],
          "the " + std::string(channelName(kRgbyChannels[c])) + " channel file is missing",
          "every image needs red, green, blue and yellow files");
  }
  // The four files are decoded in parallel (OpenCV's thread pool; serial when called from
  // inside another parallel region). The first error in channel order is reported.
  std::array<cv::Mat, 4> planes;
  std::array<std::exception_ptr, 4> errors;
  cv::parallel_for_(cv::Range(0, 4), [&](const cv::Range& range) {
    for (int c = range.start; c < range.end; ++c) {
      const auto i = static_cast<std::size_t>(c);
      try {
        planes[i] = readChannelFileImpl(
            files[i],
            "the " + std::string(channelName(kRgbyChannels[i])) + " channel file is missing",
            "every image needs red, green, blue and yellow files");
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  });
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);

  for (std::size_t c = 1; c < 4; ++c) {
    if (planes[c].size() != planes[0].size())
      throwFileError(
          files[c],
          "is " + sizeText(planes[c]) + " but the red channel file is " + sizeText(planes[0]),
          "all four channel files of an image must have the same size");
    if (planes[c].depth() != planes[0].depth())
      throwFileError(
          files[c],
          "is " + bitsText(planes[c]) + " but the red channel file is " + bitsText(planes[0]),
          "save all four channel files with the same bit depth");
  }
  ChannelImage image;
  image.red = std::move(planes[0]);
  image.green = std::move(planes[1]);
  image.blue = std::move(planes[2]);
  image.yellow = std::move(planes[3]);
  return image;
}

ChannelImage readChannels(const Dataset& dataset, const ImageRecord& image) {
  std::array<fs::path, 4> files;
  for (std::size_t c = 0; c < files.size(); ++c)
    files[c] = dataset.channelFile(image, kRgbyChannels[c]);
  return readChannels(files);
}

ChannelImage readRgbImage(const fs::path& file) {
  const cv::Mat image = decodeFile(file, "file not found", "check the path", /*allowJpeg=*/true);
  if (image.channels() == 1)
    throwFileError(file, "is a grayscale image, not an RGB image",
                   "pass a 3-channel RGB image (red = microtubules, green = protein, blue = "
                   "nucleus), or the four channel files");
  if (image.channels() == 4) {
    const bool opaque =
        image.depth() == CV_8U ? isOpaque<std::uint8_t>(image) : isOpaque<std::uint16_t>(image);
    if (!opaque)
      throwFileError(file, "has a transparent alpha channel",
                     "save it as a 3-channel RGB image without transparency");
  }
  // OpenCV decodes to BGR(A).
  ChannelImage out;
  cv::extractChannel(image, out.red, 2);
  cv::extractChannel(image, out.green, 1);
  cv::extractChannel(image, out.blue, 0);
  return out;
}

cv::Mat readLabelImage(const fs::path& file, cv::Size expected) {
  const cv::Mat image =
      decodeFile(file, "label image not found", "check the path", /*allowJpeg=*/false);
  if (image.channels() != 1)
    throwFileError(file, "is a colour image, but a label image must have one channel",
                   "save it as a 16-bit grayscale PNG with one integer per cell (0 = "
                   "background)");
  if (!expected.empty() && image.size() != expected)
    throwFileError(file,
                   "is " + sizeText(image) + " but its image is " + std::to_string(expected.width) +
                       "x" + std::to_string(expected.height) + " pixels",
                   "use the label image made for this image");
  cv::Mat labels;
  image.convertTo(labels, CV_32S);
  return labels;
}

void writeLabelImage(const fs::path& file, const cv::Mat& labels) {
  if (labels.empty()) throwFileError(file, "the label image to write is empty");
  const int depth = labels.depth();
  if (labels.channels() != 1 ||
      (depth != CV_8U && depth != CV_16U && depth != CV_16S && depth != CV_32S))
    throwFileError(file, "the label image to write is not a single-channel integer image");
  cv::Mat image = labels;
  if (depth != CV_16U) {
    double lo = 0, hi = 0;
    cv::Point loAt, hiAt;
    cv::minMaxLoc(labels, &lo, &hi, &loAt, &hiAt);
    if (lo < 0)
      throwFileError(file,
                     "cannot store label " + std::to_string(static_cast<long long>(lo)) +
                         " at pixel (" + std::to_string(loAt.x) + ", " + std::to_string(loAt.y) +
                         ") in a 16-bit PNG (labels are 0..65535)",
                     "number the cells from 1 and use 0 for the background");
    if (hi > 65535)
      throwFileError(file,
                     "cannot store label " + std::to_string(static_cast<long long>(hi)) +
                         " at pixel (" + std::to_string(hiAt.x) + ", " + std::to_string(hiAt.y) +
                         ") in a 16-bit PNG (labels are 0..65535)",
                     "renumber the cells consecutively or split the image");
    labels.convertTo(image, CV_16U);
  }
  std::vector<uchar> bytes;
  bool ok = false;
  try {
    ok = cv::imencode(".png", image, bytes, {cv::IMWRITE_PNG_COMPRESSION, 3});
  } catch (const cv::Exception& e) {
    throwFileError(file, std::string("PNG encoding failed: ") + e.err);
  }
  if (!ok) throwFileError(file, "PNG encoding failed");
  writeFileAtomically(file,
                      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace cellcam
