#include <filesystem>
#include <fstream>

#include "cellcam/csv.h"
#include "cellcam/error.h"

#include <gtest/gtest.h>

namespace cellcam {
namespace {

std::string errorOf(std::string_view text) {
  try {
    parseCsv(text, "x.csv");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Csv, ParsesQuotesCrlfAndBom) {
  const CsvTable t = parseCsv(
      "\xEF\xBB\xBFID,Label\r\n"
      "a,\"1|2\"\r\n"
      "\"b,\"\"quoted\"\"\",\"multi\nline\"\r\n"
      "\r\n"
      "c,\n",
      "train.csv");
  ASSERT_EQ(t.header, (std::vector<std::string>{"ID", "Label"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][1], "1|2");
  EXPECT_EQ(t.rows[1][0], "b,\"quoted\"");
  EXPECT_EQ(t.rows[1][1], "multi\nline");
  EXPECT_EQ(t.rows[2][0], "c");
  EXPECT_EQ(t.rows[2][1], "");
  EXPECT_EQ(t.lines, (std::vector<std::size_t>{2, 3, 6}));
  EXPECT_EQ(t.column("Label"), 1);
  EXPECT_EQ(t.column("label"), -1);
}

TEST(Csv, LastRowWithoutNewline) {
  const CsvTable t = parseCsv("A,B\n1,2", "x.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][1], "2");
}

TEST(Csv, ReportsTheLineOfABadRow) {
  const std::string message = errorOf("ID,Label\na,1\nb,2,3\n");
  EXPECT_NE(message.find("x.csv line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("expected 2 fields, found 3"), std::string::npos) << message;
}

TEST(Csv, ReportsAnUnterminatedQuote) {
  const std::string message = errorOf("ID,Label\na,1\nb,\"2\n\n");
  EXPECT_NE(message.find("x.csv line 3"), std::string::npos) << message;
  EXPECT_NE(message.find("never closed"), std::string::npos) << message;
}

TEST(Csv, RejectsTextAfterAClosingQuote) {
  EXPECT_NE(errorOf("A,B\n\"x\"y,1\n").find("line 2"), std::string::npos);
}

TEST(Csv, EmptyFileIsAnError) {
  EXPECT_NE(errorOf("").find("empty"), std::string::npos);
  EXPECT_NE(errorOf("\xEF\xBB\xBF\r\n").find("empty"), std::string::npos);
}

TEST(Csv, RequireColumnNamesFileAndColumn) {
  const CsvTable t = parseCsv("ID,Labels\n", "train.csv");
  try {
    t.requireColumn("Label");
    FAIL() << "no exception";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("train.csv"), std::string::npos) << m;
    EXPECT_NE(m.find("'Label'"), std::string::npos) << m;
  }
}

TEST(Csv, WriterRoundTripsAwkwardFields) {
  const std::vector<std::string> fields{"plain", "with,comma", "with \"quote\"", "line\r\nbreak",
                                        ""};
  std::string text;
  appendCsvRow(text, {"a", "b", "c", "d", "e"});
  appendCsvRow(text, fields);
  const CsvTable t = parseCsv(text, "x.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0], fields);
  EXPECT_EQ(csvField("plain"), "plain");
}

TEST(Csv, ReadCsvNamesAMissingFile) {
  const auto missing = std::filesystem::temp_directory_path() / "cellcam_no_such_file.csv";
  try {
    readCsv(missing);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace cellcam
