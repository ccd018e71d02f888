// libFuzzer target: the CSV reader (cellcam::parseCsv). Any input must either parse into a
// consistent table or throw cellcam::Error; a parsed table written back with appendCsvRow must
// parse to the same table.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cellcam/csv.h"
#include "cellcam/error.h"

#include "fuzz_util.h"

using cellcam::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cellcam::CsvTable table;
  try {
    table = cellcam::parseCsv(text, "fuzz.csv");
  } catch (const cellcam::Error& e) {
    require(std::string_view(e.what()).find("fuzz.csv") != std::string_view::npos,
            "the error names the file");
    return 0;
  }
  require(!table.header.empty(), "a parsed table has a header");
  require(table.rows.size() == table.lines.size(), "one line number per row");
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    require(table.rows[i].size() == table.header.size(), "rows have the header's width");
    require(table.lines[i] >= 2, "data rows start after the header");
    if (i) require(table.lines[i] > table.lines[i - 1], "line numbers increase");
  }
  // Round trip. Rows that are one empty field are written as blank lines, which the reader
  // skips by contract, so such tables are left out; so is a header whose first field starts
  // with a BOM (the reader strips one BOM).
  auto blank = [](const std::vector<std::string>& r) { return r.size() == 1 && r[0].empty(); };
  if (blank(table.header)) return 0;
  for (const auto& row : table.rows)
    if (blank(row)) return 0;
  if (table.header[0].rfind("\xEF\xBB\xBF", 0) == 0) return 0;
  std::string out;
  cellcam::appendCsvRow(out, table.header);
  for (const auto& row : table.rows) cellcam::appendCsvRow(out, row);
  const cellcam::CsvTable again = cellcam::parseCsv(out, "fuzz.csv");
  require(again.header == table.header, "round trip keeps the header");
  require(again.rows == table.rows, "round trip keeps the rows");
  return 0;
}
