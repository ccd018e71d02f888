#pragma once
/// @file oid_mask.h
/// @brief Open Images binary-mask codec used by the Kaggle HPA submission format.
///
/// A submission mask is encoded as
///   base64( zlib level 9 ( COCO compressed RLE counts string ) )
/// where the COCO string is exactly what pycocotools / cocoapi `common/maskApi.c`
/// (`rleEncode` followed by `rleToString`) produces for the mask in column-major
/// (Fortran) order. Every function here is byte-exact with that reference.
///
/// Ownership: all functions take their inputs by const reference / view and return
/// freshly allocated values; nothing is retained between calls.
///
/// Thread-safety: all functions are pure (no global or static mutable state) and
/// may be called concurrently from any number of threads.
///
/// Errors: malformed input raises cellcam::Error (a std::runtime_error) with a
/// one-sentence message.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "cellcam/error.h"

namespace cellcam {

/// @brief COCO compressed RLE counts string of a binary mask.
///
/// @param mask CV_8UC1 matrix (any stride, ROIs allowed); nonzero = foreground.
///        An empty matrix (0 rows or 0 columns) encodes as "0" like maskApi.c.
/// @return The same bytes as `pycocotools.mask.encode(np.asfortranarray(m))["counts"]`:
///         runs in column-major order, the first run counting background pixels
///         (possibly 0), then the LEB128-like 6-bit text encoding of maskApi.c
///         `rleToString` (counts from index 3 on are stored as differences to the
///         count two places earlier).
/// @throws cellcam::Error if @p mask is not single-channel 8-bit unsigned.
std::string encodeCocoRle(const cv::Mat& mask);

/// @brief Inverse of the counts-string encoding (maskApi.c `rleFrString`).
///
/// @param counts The COCO counts string (characters '0'..'o').
/// @return The run lengths, alternating background / foreground, starting with background.
/// @throws cellcam::Error if the string is empty, holds a character outside '0'..'o',
///         ends in the middle of a value, or yields a run length that is negative or
///         does not fit in 32 bits.
std::vector<uint32_t> parseCocoRle(std::string_view counts);

/// @brief Submission text of a binary mask: base64(zlib level 9(encodeCocoRle(mask))).
/// @param mask CV_8UC1, nonzero = foreground.
/// @throws cellcam::Error if @p mask is not single-channel 8-bit unsigned.
std::string encodeOidMask(const cv::Mat& mask);

/// @brief Decode submission text to a mask.
///
/// @param text   The base64 submission text (as produced by encodeOidMask).
/// @param height Mask height in pixels (>= 0).
/// @param width  Mask width in pixels (>= 0).
/// @return A new CV_8UC1 matrix of size height x width holding 0 (background) and
///         255 (foreground).
/// @throws cellcam::Error when the size is negative, or the base64, the zlib stream
///         or the RLE is malformed, or the runs do not sum to height*width.
cv::Mat decodeOidMask(std::string_view text, int height, int width);

/// @brief Like decodeOidMask, but returns the validated column-major run lengths
///        (background first) instead of a pixel mask: O(runs) memory, for metrics and
///        validation of large masks.
/// @throws cellcam::Error as decodeOidMask.
std::vector<uint32_t> decodeOidRuns(std::string_view text, int height, int width);

/// One cell of a label image with its submission mask text.
struct EncodedCell {
  int label = 0;       ///< The cell's value in the label image.
  long long area = 0;  ///< Pixels.
  std::string mask;    ///< encodeOidMask(labels == label), byte for byte.
};

/// @brief Encodes every cell of a label image (CV_16U or CV_32S, 0 = background) in one
///        column-major pass: O(pixels + runs), not O(cells x pixels). Sorted by label.
/// @throws cellcam::Error for another type, a negative label, or over 2^32-1 pixels.
std::vector<EncodedCell> encodeLabelImage(const cv::Mat& labels);

/// @brief Standard base64 (RFC 4648 alphabet "A-Za-z0-9+/", '=' padding), as Python's
///        base64.b64encode.
std::string base64Encode(std::string_view bytes);

/// @brief Strict standard base64 decoding.
/// @throws cellcam::Error on characters outside the alphabet (whitespace included),
///         a length that is not a multiple of 4, or misplaced / excess '=' padding.
std::string base64Decode(std::string_view text);

/// @brief zlib stream (RFC 1950) of @p bytes at compression @p level (0..9, or -1 for
///        the default), the same bytes as zlib's compress2 and Python's zlib.compress.
/// @throws cellcam::Error if zlib reports a failure (e.g. invalid level).
std::string zlibCompress(std::string_view bytes, int level = 9);

/// @brief Inflate one complete zlib stream (RFC 1950).
/// @param maxBytes Upper bound on the decompressed size (guards against zip bombs).
/// @throws cellcam::Error on corrupt or truncated data, trailing bytes after the end of
///         the stream, or output larger than @p maxBytes.
std::string zlibDecompress(std::string_view bytes, std::size_t maxBytes);

}  // namespace cellcam
