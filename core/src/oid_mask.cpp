// Open Images / Kaggle HPA binary-mask codec, byte-exact with cocoapi common/maskApi.c
// (rleEncode, rleToString, rleFrString, rleDecode). See cellcam/oid_mask.h.

#include "cellcam/oid_mask.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>

#include <opencv2/core.hpp>  // cv::transpose
#include <zlib.h>

namespace cellcam {
namespace {

constexpr char kB64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> makeB64Table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i)
    t[static_cast<unsigned char>(kB64Alphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr std::array<int8_t, 256> kB64Table = makeB64Table();

void checkMaskType(const cv::Mat& mask) {
  if (!mask.empty() && mask.type() != CV_8UC1)
    throw Error("OID mask encoding needs a single-channel 8-bit (CV_8UC1) mask, got type " +
                std::to_string(mask.type()) + ".");
  if (!mask.empty() && mask.dims != 2) throw Error("OID mask encoding needs a 2-D mask.");
}

/// Column-major run lengths of a binary mask, as maskApi.c rleEncode (first run = background).
std::vector<uint32_t> runLengths(const cv::Mat& mask) {
  std::vector<uint32_t> cnts;
  const uint64_t area = mask.empty() ? 0 : static_cast<uint64_t>(mask.rows) * mask.cols;
  if (area > std::numeric_limits<uint32_t>::max())
    throw Error("OID mask encoding supports at most 2^32-1 pixels, the COCO run-length limit.");
  if (area == 0) {
    cnts.push_back(0);
    return cnts;
  }
  // Transpose once so that the column-major order becomes one contiguous scan.
  cv::Mat t;
  cv::transpose(mask, t);
  CV_Assert(t.isContinuous());
  const unsigned char* p = t.ptr<unsigned char>(0);
  const unsigned char* const end = p + area;

  // Skip whole 8-byte words while they stay in the current state.
  auto skipZeros = [end](const unsigned char* q) {
    while (q + 8 <= end) {
      uint64_t w;
      std::memcpy(&w, q, 8);
      if (w != 0) break;
      q += 8;
    }
    while (q < end && *q == 0) ++q;
    return q;
  };
  auto skipNonZeros = [end](const unsigned char* q) {
    constexpr uint64_t lo = 0x0101010101010101ULL, hi = 0x8080808080808080ULL;
    while (q + 8 <= end) {
      uint64_t w;
      std::memcpy(&w, q, 8);
      if (((w - lo) & ~w & hi) != 0) break;  // some byte is zero
      q += 8;
    }
    while (q < end && *q != 0) ++q;
    return q;
  };

  const unsigned char* q = p;
  bool fg = false;
  while (q < end) {
    const unsigned char* r = fg ? skipNonZeros(q) : skipZeros(q);
    cnts.push_back(static_cast<uint32_t>(r - q));
    q = r;
    fg = !fg;
  }
  // rleEncode always closes with the current run; a run is only empty when the mask starts
  // with foreground (first background run of 0), which the loop above already emits.
  return cnts;
}

/// maskApi.c rleToString: LEB128-like, 5 data bits + continuation bit 0x20 per char, +48,
/// counts from index 3 on delta-coded against the count two places earlier.
std::string countsToString(const std::vector<uint32_t>& cnts) {
  std::string s;
  s.reserve(cnts.size() * 2 + 8);
  for (size_t i = 0; i < cnts.size(); ++i) {
    int64_t x = static_cast<int64_t>(cnts[i]);
    if (i > 2) x -= static_cast<int64_t>(cnts[i - 2]);
    bool more = true;
    while (more) {
      char c = static_cast<char>(x & 0x1f);
      x >>= 5;  // arithmetic shift, as maskApi.c on a signed long
      more = (c & 0x10) ? x != -1 : x != 0;
      if (more) c |= 0x20;
      s.push_back(static_cast<char>(c + 48));
    }
  }
  return s;
}

size_t saturatingDecodeBound(int height, int width) {
  // Each count takes at most 7 chars (|delta| < 2^32 needs <= 7 six-bit chars), and there are
  // at most height*width + 1 counts.
  const uint64_t area = static_cast<uint64_t>(height) * static_cast<uint64_t>(width);  // < 2^62
  const uint64_t limit = std::numeric_limits<size_t>::max();
  if (area >= (limit - 64) / 7 - 1) return static_cast<size_t>(limit);
  return static_cast<size_t>((area + 1) * 7 + 64);
}

}  // namespace

std::string encodeCocoRle(const cv::Mat& mask) {
  checkMaskType(mask);
  return countsToString(runLengths(mask));
}

std::vector<uint32_t> parseCocoRle(std::string_view s) {
  if (s.empty()) throw Error("COCO RLE counts string is empty.");
  std::vector<uint32_t> cnts;
  cnts.reserve(s.size() / 2 + 1);
  size_t p = 0;
  while (p < s.size()) {
    int64_t x = 0;
    int k = 0;
    bool more = true;
    while (more) {
      if (p >= s.size()) throw Error("COCO RLE counts string ends in the middle of a value.");
      const int c = static_cast<unsigned char>(s[p]) - 48;
      if (c < 0 || c > 63)
        throw Error("COCO RLE counts string has an invalid character at offset " +
                    std::to_string(p) + ".");
      if (k >= 12)
        throw Error("COCO RLE counts string has a value too long at offset " + std::to_string(p) +
                    ".");
      x |= static_cast<int64_t>(c & 0x1f) << (5 * k);
      more = (c & 0x20) != 0;
      ++p;
      ++k;
      if (!more && (c & 0x10)) x |= static_cast<int64_t>(~uint64_t{0} << (5 * k));  // sign-extend
    }
    if (cnts.size() > 2) x += static_cast<int64_t>(cnts[cnts.size() - 2]);
    if (x < 0 || x > static_cast<int64_t>(std::numeric_limits<uint32_t>::max()))
      throw Error("COCO RLE counts string decodes to an invalid run length " + std::to_string(x) +
                  " (run " + std::to_string(cnts.size()) + ").");
    cnts.push_back(static_cast<uint32_t>(x));
  }
  return cnts;
}

std::string encodeOidMask(const cv::Mat& mask) {
  return base64Encode(zlibCompress(encodeCocoRle(mask), 9));
}

std::vector<uint32_t> decodeOidRuns(std::string_view text, int height, int width) {
  if (height < 0 || width < 0)
    throw Error("OID mask size must be non-negative, got " + std::to_string(height) + "x" +
                std::to_string(width) + ".");
  if (text.empty()) throw Error("OID mask text is empty.");
  const std::string compressed = base64Decode(text);
  const std::string counts = zlibDecompress(compressed, saturatingDecodeBound(height, width));
  std::vector<uint32_t> cnts = parseCocoRle(counts);

  const uint64_t area = static_cast<uint64_t>(height) * static_cast<uint64_t>(width);
  uint64_t sum = 0;
  for (uint32_t c : cnts) sum += c;
  if (sum != area)
    throw Error("OID mask runs sum to " + std::to_string(sum) + " pixels but the mask is " +
                std::to_string(height) + "x" + std::to_string(width) + " = " +
                std::to_string(area) + " pixels.");
  return cnts;
}

cv::Mat decodeOidMask(std::string_view text, int height, int width) {
  const std::vector<uint32_t> cnts = decodeOidRuns(text, height, width);
  const uint64_t area = static_cast<uint64_t>(height) * static_cast<uint64_t>(width);
  if (area == 0) return cv::Mat(height, width, CV_8UC1);
  // Fill column-major, i.e. the transpose row-major, then transpose back.
  cv::Mat t(width, height, CV_8UC1);
  unsigned char* q = t.ptr<unsigned char>(0);
  unsigned char v = 0;
  for (uint32_t c : cnts) {
    std::memset(q, v, c);
    q += c;
    v = static_cast<unsigned char>(v ^ 255);
  }
  cv::Mat out;
  cv::transpose(t, out);
  return out;
}

std::vector<EncodedCell> encodeLabelImage(const cv::Mat& labels) {
  if (labels.empty()) return {};
  if (labels.channels() != 1 || (labels.depth() != CV_16U && labels.depth() != CV_32S))
    throw Error("a label image must be single-channel 16-bit or 32-bit integer, got type " +
                std::to_string(labels.type()) + ".");
  const uint64_t area = static_cast<uint64_t>(labels.rows) * static_cast<uint64_t>(labels.cols);
  if (area > std::numeric_limits<uint32_t>::max())
    throw Error("OID mask encoding supports at most 2^32-1 pixels, the COCO run-length limit.");
  // Column-major order = row-major order of the transpose: one contiguous scan.
  cv::Mat t;
  cv::transpose(labels, t);
  if (t.depth() != CV_32S) t.convertTo(t, CV_32S);
  CV_Assert(t.isContinuous());
  const int32_t* p = t.ptr<int32_t>(0);

  // Per cell: its runs so far (background, foreground, ...) and where its last run ended.
  struct Runs {
    std::vector<uint32_t> counts;
    uint64_t end = 0;
    long long area = 0;
  };
  std::unordered_map<int32_t, Runs> cells;
  uint64_t i = 0;
  while (i < area) {
    const int32_t v = p[i];
    uint64_t j = i + 1;
    while (j < area && p[j] == v) ++j;
    if (v < 0) throw Error("a label image has a negative label " + std::to_string(v) + ".");
    if (v != 0) {
      Runs& r = cells[v];
      r.counts.push_back(static_cast<uint32_t>(i - r.end));
      r.counts.push_back(static_cast<uint32_t>(j - i));
      r.end = j;
      r.area += static_cast<long long>(j - i);
    }
    i = j;
  }
  std::vector<EncodedCell> out;
  out.reserve(cells.size());
  for (auto& [label, runs] : cells) {
    if (runs.end < area) runs.counts.push_back(static_cast<uint32_t>(area - runs.end));
    out.push_back({label, runs.area, base64Encode(zlibCompress(countsToString(runs.counts), 9))});
  }
  std::sort(out.begin(), out.end(),
            [](const EncodedCell& a, const EncodedCell& b) { return a.label < b.label; });
  return out;
}

std::string base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  const auto* b = reinterpret_cast<const unsigned char*>(in.data());
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8) | b[i + 2];
    out.push_back(kB64Alphabet[(v >> 18) & 63]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.push_back(kB64Alphabet[(v >> 6) & 63]);
    out.push_back(kB64Alphabet[v & 63]);
  }
  const size_t rest = in.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{b[i]} << 16;
    out.push_back(kB64Alphabet[(v >> 18) & 63]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.append("==");
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{b[i]} << 16) | (uint32_t{b[i + 1]} << 8);
    out.push_back(kB64Alphabet[(v >> 18) & 63]);
    out.push_back(kB64Alphabet[(v >> 12) & 63]);
    out.push_back(kB64Alphabet[(v >> 6) & 63]);
    out.push_back('=');
  }
  return out;
}

std::string base64Decode(std::string_view in) {
  if (in.size() % 4 != 0)
    throw Error("Base64 text length " + std::to_string(in.size()) + " is not a multiple of 4.");
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') pad = (in.size() >= 2 && in[in.size() - 2] == '=') ? 2 : 1;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  const size_t dataChars = in.size() - pad;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < dataChars; ++i) {
    const int8_t v = kB64Table[static_cast<unsigned char>(in[i])];
    if (v < 0) {
      if (in[i] == '=')
        throw Error("Base64 text has misplaced '=' padding at offset " + std::to_string(i) + ".");
      throw Error("Base64 text has an invalid character at offset " + std::to_string(i) + ".");
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string zlibCompress(std::string_view in, int level) {
  if (in.size() > std::numeric_limits<uLong>::max()) throw Error("zlib input is too large.");
  uLongf destLen = compressBound(static_cast<uLong>(in.size()));
  std::string out(destLen, '\0');
  const int rc =
      compress2(reinterpret_cast<Bytef*>(out.data()), &destLen,
                reinterpret_cast<const Bytef*>(in.data()), static_cast<uLong>(in.size()), level);
  if (rc != Z_OK) throw Error("zlib compression failed with code " + std::to_string(rc) + ".");
  out.resize(destLen);
  return out;
}

std::string zlibDecompress(std::string_view in, size_t maxBytes) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) throw Error("zlib inflateInit failed.");
  struct Guard {
    z_stream* z;
    ~Guard() { inflateEnd(z); }
  } guard{&zs};

  std::string out;
  std::array<char, 65536> buf;
  const auto* next = reinterpret_cast<const Bytef*>(in.data());
  size_t left = in.size();
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (zs.avail_in == 0 && left > 0) {
      const size_t n = std::min<size_t>(left, std::numeric_limits<uInt>::max());
      zs.next_in = const_cast<Bytef*>(next);
      zs.avail_in = static_cast<uInt>(n);
      next += n;
      left -= n;
    }
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR || rc == Z_MEM_ERROR || rc == Z_STREAM_ERROR)
      throw Error(std::string("zlib data is corrupt (") + (zs.msg ? zs.msg : "inflate error") +
                  ").");
    const size_t produced = buf.size() - zs.avail_out;
    if (produced > maxBytes - out.size())
      throw Error("zlib data decompresses to more than the allowed " + std::to_string(maxBytes) +
                  " bytes.");
    out.append(buf.data(), produced);
    if (rc == Z_BUF_ERROR || (rc == Z_OK && produced == 0 && zs.avail_in == 0 && left == 0))
      throw Error("zlib data is truncated.");
  }
  if (zs.avail_in != 0 || left != 0)
    throw Error("zlib data has trailing bytes after the end of the stream.");
  return out;
}

}  // namespace cellcam
