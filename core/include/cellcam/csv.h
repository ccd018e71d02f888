#pragma once
/// @file
/// RFC 4180 CSV reading and writing, as Kaggle's train.csv and submissions use it.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cellcam {

/// A parsed CSV file: a header row and data rows, each remembering the line it started on.
struct CsvTable {
  std::filesystem::path file;                  ///< Where it came from (for messages).
  std::vector<std::string> header;             ///< Column names, as written.
  std::vector<std::vector<std::string>> rows;  ///< Data rows; each has header.size() fields.
  std::vector<std::size_t> lines;              ///< 1-based line number where each row starts.

  /// Index of the column named `name`, or -1.
  int column(std::string_view name) const;
  /// Index of the column named `name`; throws Error naming the file and the missing column.
  std::size_t requireColumn(std::string_view name) const;
  /// "FILE line N" for row i, to start error messages.
  std::string where(std::size_t row) const;
};

/// Parses CSV text: a UTF-8 BOM is skipped; LF and CRLF line ends; quoted fields may hold
/// commas, quotes (doubled) and line breaks; blank lines are skipped. Throws Error naming
/// `file` and the line of an unterminated quote or of a row whose field count differs from
/// the header's.
CsvTable parseCsv(std::string_view text, const std::filesystem::path& file);

/// Reads and parses `file`; throws Error naming it when it is missing, unreadable or bad.
CsvTable readCsv(const std::filesystem::path& file);

/// One field for writing: quoted (with doubled quotes) only if it needs to be.
std::string csvField(std::string_view value);

/// Appends one row (fields joined by ',', ended by '\n') to `out`.
void appendCsvRow(std::string& out, const std::vector<std::string>& fields);

}  // namespace cellcam
