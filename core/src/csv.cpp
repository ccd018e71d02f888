#include "cellcam/csv.h"

#include <fstream>
#include <sstream>

#include "cellcam/error.h"

namespace cellcam {

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

std::size_t CsvTable::requireColumn(std::string_view name) const {
  int index = column(name);
  if (index < 0) {
    std::string have;
    for (const auto& h : header) have += (have.empty() ? "" : ",") + h;
    throwFileError(file, "has no column '" + std::string(name) + "' (header: " + have + ")",
                   "the first line must name the columns");
  }
  return static_cast<std::size_t>(index);
}

std::string CsvTable::where(std::size_t row) const {
  return file.string() + " line " + std::to_string(lines.at(row));
}

CsvTable parseCsv(std::string_view text, const std::filesystem::path& file) {
  CsvTable table;
  table.file = file;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t recordLine = 1;
  bool headerDone = false;
  std::size_t i = 0;
  const std::size_t n = text.size();

  auto finishRecord = [&]() {
    record.push_back(std::move(field));
    field.clear();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (!headerDone) {
        table.header = std::move(record);
        headerDone = true;
      } else {
        if (record.size() != table.header.size())
          throw Error(file.string() + " line " + std::to_string(recordLine) + ": expected " +
                      std::to_string(table.header.size()) + " fields, found " +
                      std::to_string(record.size()) + "; check for a missing or extra comma.");
        table.rows.push_back(std::move(record));
        table.lines.push_back(recordLine);
      }
    }
    record.clear();
  };

  while (i < n) {
    char c = text[i];
    if (c == '"' && field.empty()) {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const std::size_t openLine = line;
      ++i;
      bool closed = false;
      while (i < n) {
        char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        field += q;
        ++i;
      }
      if (!closed)
        throw Error(file.string() + " line " + std::to_string(openLine) +
                    ": a quoted field is never closed; add the closing quote.");
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
        throw Error(file.string() + " line " + std::to_string(line) +
                    ": unexpected text after a closing quote; quote the whole field.");
      continue;
    }
    if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      ++i;
      continue;
    }
    if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
    if (c == '\n' || c == '\r') {
      finishRecord();
      ++i;
      ++line;
      recordLine = line;
      continue;
    }
    field += c;
    ++i;
  }
  if (!field.empty() || !record.empty()) finishRecord();
  if (!headerDone) throwFileError(file, "is empty", "it needs a header line and data rows");
  return table;
}

CsvTable readCsv(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throwFileError(file, "file not found");
  if (std::filesystem::is_directory(file, ec)) throwFileError(file, "is a folder, not a CSV file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throwFileError(file, "cannot be opened for reading", "check its permissions");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throwFileError(file, "reading failed");
  return parseCsv(buffer.str(), file);
}

std::string csvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void appendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csvField(fields[i]);
  }
  out += '\n';
}

}  // namespace cellcam
