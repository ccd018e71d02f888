// The project database (see cellcam/project.h): SQLite's C API, WAL, one transaction per write.
#include "cellcam/project.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "cellcam/atomic_file.h"
#include "cellcam/classes.h"
#include "cellcam/csv.h"
#include "cellcam/dataset.h"
#include "cellcam/error.h"

namespace cellcam {
namespace fs = std::filesystem;

namespace {

/// PRAGMA application_id of CellCAM projects: "CCMP".
constexpr int kApplicationId = 0x43434D50;
constexpr int kBusyTimeoutMs = 5000;

std::string nowUtc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms));
  return out;
}

std::string backupStamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &tm);
  return text;
}

/// The fix to suggest for an SQLite result code.
std::string fixFor(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "the disk is full; free some space and try again";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return "check that the project folder exists and is writable";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "another program is writing to the project; wait for it to finish and try again";
    default:
      return {};
  }
}

bool isDamageCode(int code) {
  return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB ||
         code == SQLITE_IOERR_SHORT_READ;
}

/// An SQLite failure: keeps the result code so open() can tell damage from other problems.
class SqliteError : public Error {
 public:
  SqliteError(const std::string& message, int code) : Error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

[[noreturn]] void throwSqlite(sqlite3* db, const fs::path& file, const std::string& doing,
                              int code) {
  const std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw SqliteError(
      fileMessage(file, "could not " + doing + " (SQLite: " + detail + ")", fixFor(code)), code);
}

/// A prepared statement; reset and re-bound for each use.
class Statement {
 public:
  Statement(sqlite3* db, const fs::path& file, const char* sql) : db_(db), file_(file) {
    const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) throwSqlite(db, file, "read the project database", rc);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int i, long long v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, int v) { return bind(i, static_cast<long long>(v)); }
  Statement& bind(int i, double v) {
    check(sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  /// Steps once: true when a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throwSqlite(db_, file_, "use the project database", rc);
  }
  /// Steps to the end (for writes).
  void run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }
  long long integer(int i) const { return sqlite3_column_int64(stmt_, i); }
  double real(int i) const { return sqlite3_column_double(stmt_, i); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) throwSqlite(db_, file_, "use the project database", rc);
  }
  sqlite3* db_;
  const fs::path& file_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const fs::path& file, const char* sql, const std::string& doing) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) throwSqlite(db, file, doing, rc);
}

long long pragmaInt(sqlite3* db, const fs::path& file, const char* sql) {
  Statement s(db, file, sql);
  return s.step() ? s.integer(0) : 0;
}

/// BEGIN IMMEDIATE ... COMMIT; rolls back when left without commit().
class Transaction {
 public:
  Transaction(sqlite3* db, const fs::path& file) : db_(db), file_(file) {
    exec(db, file, "BEGIN IMMEDIATE", "start a transaction");
  }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    exec(db_, file_, "COMMIT", "save the change");
    done_ = true;
  }

 private:
  sqlite3* db_;
  const fs::path& file_;
  bool done_ = false;
};

/// Schema migrations: kMigrations[v] takes a database from version v to v + 1.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE images (
  id TEXT PRIMARY KEY,
  split TEXT NOT NULL CHECK (split IN ('train', 'test')),
  labels TEXT NOT NULL DEFAULT ''
);
CREATE TABLE cells (
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  cell_id INTEGER NOT NULL CHECK (cell_id > 0),
  area INTEGER NOT NULL,
  centroid_x REAL NOT NULL,
  centroid_y REAL NOT NULL,
  segmentation TEXT NOT NULL,
  PRIMARY KEY (image_id, cell_id)
) WITHOUT ROWID;
CREATE TABLE annotations (
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  cell_id INTEGER NOT NULL CHECK (cell_id > 0),
  labels TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (image_id, cell_id)
) WITHOUT ROWID;
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  config_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  run_dir TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE TABLE ensembles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == Project::kSchemaVersion,
              "one migration per schema version");

/// Sorted, unique, in range, Negative exclusive; throws Error with `where` as the subject.
std::vector<int> checkedLabels(std::vector<int> labels, const std::string& where) {
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  if (labels.empty())
    throw Error(where +
                ": no labels were given; choose at least one class (18 = Negative) or "
                "clear the annotation instead.");
  for (int l : labels)
    if (l < 0 || l >= kNumClasses)
      throw Error(where + ": label " + std::to_string(l) + " is not a class; use 0 to " +
                  std::to_string(kNumClasses - 1) + ".");
  if (labels.size() > 1 && labels.back() == kNegativeClass)
    throw Error(where +
                ": Negative (18) cannot be combined with other classes; choose either "
                "Negative alone or the other classes.");
  return labels;
}

std::vector<int> parseStoredLabels(const std::string& text) {
  if (text.empty()) return {};
  std::string problem;
  auto labels = parseLabelList(text, &problem);
  return labels ? *labels : std::vector<int>{};
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

/// One validated row of an annotation CSV.
struct CsvAnnotation {
  std::string imageId;
  int cellId = 0;
  std::vector<int> labels;
  std::size_t row = 0;
};

/// Parses and checks an annotation CSV (syntax, labels, duplicates); not the image ids.
std::vector<CsvAnnotation> parseAnnotationCsv(const CsvTable& table) {
  const std::size_t idCol = table.requireColumn("ID");
  const std::size_t cellCol = table.requireColumn("CellID");
  const std::size_t labelCol = table.requireColumn("Labels");
  std::vector<CsvAnnotation> out;
  std::set<std::pair<std::string, int>> seen;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    CsvAnnotation a;
    a.row = i;
    a.imageId = trimmed(row[idCol]);
    if (a.imageId.empty())
      throw Error(table.where(i) + ": the ID is empty; write the image ID of the cell.");
    const std::string cell = trimmed(row[cellCol]);
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), a.cellId);
    if (ec != std::errc() || end != cell.data() + cell.size() || a.cellId <= 0)
      throw Error(table.where(i) + ": CellID \"" + cell +
                  "\" is not a cell id; write the cell's positive integer value from the label "
                  "image.");
    std::string problem;
    const auto labels = parseLabelList(row[labelCol], &problem);
    if (!labels)
      throw Error(table.where(i) + ": " + problem + "; write classes 0 to 18 joined by '|'.");
    a.labels = checkedLabels(*labels, table.where(i));
    if (!seen.insert({a.imageId, a.cellId}).second)
      throw Error(table.where(i) + ": cell " + std::to_string(a.cellId) + " of image " + a.imageId +
                  " is listed twice; keep one row per cell.");
    out.push_back(std::move(a));
  }
  return out;
}

struct Handle {
  sqlite3* db = nullptr;
  Handle() = default;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (db) sqlite3_close_v2(db);
  }
};

/// Opens `file` read-only and checks it. Returns an empty string when it is a healthy CellCAM
/// database, else what is wrong. Throws Error (not damage) for a newer schema, another
/// program's database or a busy database.
std::string diagnose(const fs::path& file) {
  std::error_code ec;
  if (fs::file_size(file, ec) == 0 && !ec) return "the file is empty";
  Handle h;
  const int rc = sqlite3_open_v2(file.c_str(), &h.db, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    if (isDamageCode(rc)) return sqlite3_errstr(rc);
    throwSqlite(h.db, file, "open the project database", rc);
  }
  sqlite3_extended_result_codes(h.db, 1);
  sqlite3_busy_timeout(h.db, kBusyTimeoutMs);
  try {
    const long long appId = pragmaInt(h.db, file, "PRAGMA application_id");
    const long long version = pragmaInt(h.db, file, "PRAGMA user_version");
    if (appId != kApplicationId) {
      if (appId == 0 && version == 0) return "it holds no CellCAM project tables";
      throwFileError(file, "is an SQLite database of another program, not a CellCAM project",
                     "choose the folder of a CellCAM project");
    }
    if (version > Project::kSchemaVersion)
      throwFileError(file,
                     "was written by a newer CellCAM (schema version " + std::to_string(version) +
                         "; this CellCAM reads up to " + std::to_string(Project::kSchemaVersion) +
                         ")",
                     "open it with a newer CellCAM");
    Statement check(h.db, file, "PRAGMA quick_check");
    std::string problems;
    while (check.step()) {
      const std::string line = check.text(0);
      if (line == "ok") continue;
      if (!problems.empty()) problems += "; ";
      if (problems.size() < 300) problems += line;
    }
    return problems;
  } catch (const SqliteError& e) {
    if (isDamageCode(e.code())) return sqlite3_errstr(e.code());
    throw;
  }
}

/// Copies the damaged database and its WAL next to it; returns the backup's path.
fs::path backUpDamaged(const fs::path& file) {
  fs::path backup = file.string() + ".damaged-" + backupStamp();
  for (int n = 2; fs::exists(backup); ++n)
    backup = file.string() + ".damaged-" + backupStamp() + "-" + std::to_string(n);
  std::error_code ec;
  fs::copy_file(file, backup, ec);
  if (ec)
    throwFileError(
        file,
        "is damaged and could not be copied to " + backup.string() + " (" + ec.message() + ")",
        "copy it somewhere safe by hand, then move it out of the project folder");
  const fs::path wal = file.string() + "-wal";
  if (fs::exists(wal)) fs::copy_file(wal, backup.string() + "-wal", ec);
  return backup;
}

}  // namespace

// ---- Impl ------------------------------------------------------------------------------------

struct Project::Impl {
  fs::path folder;
  fs::path file;
  Handle handle;

  sqlite3* db() const { return handle.db; }

  void openReadWrite(bool create) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(file.c_str(), &handle.db, flags, nullptr);
    if (rc != SQLITE_OK) throwSqlite(handle.db, file, "open the project database", rc);
    sqlite3_extended_result_codes(handle.db, 1);
    sqlite3_busy_timeout(handle.db, kBusyTimeoutMs);
    Statement wal(handle.db, file, "PRAGMA journal_mode=WAL");
    if (!wal.step() || wal.text(0) != "wal")
      throwFileError(file, "could not switch the database to WAL mode",
                     "keep the project on a local disk");
    exec(handle.db, file, "PRAGMA synchronous=FULL", "configure the database");
    exec(handle.db, file, "PRAGMA foreign_keys=ON", "configure the database");
  }

  /// Runs the migrations from the stored version up to kSchemaVersion, each in a transaction.
  void migrate() {
    // Up to date: no write lock needed (the common case).
    if (pragmaInt(db(), file, "PRAGMA user_version") >= kSchemaVersion) return;
    for (;;) {
      Transaction t(db(), file);
      const long long version = pragmaInt(db(), file, "PRAGMA user_version");
      if (version >= kSchemaVersion) return;
      exec(db(), file, kMigrations[version], "upgrade the project database");
      const std::string bump = "PRAGMA user_version=" + std::to_string(version + 1) +
                               "; PRAGMA application_id=" + std::to_string(kApplicationId);
      exec(db(), file, bump.c_str(), "upgrade the project database");
      t.commit();
    }
  }

  bool imageExists(const std::string& id) const {
    Statement s(db(), file, "SELECT 1 FROM images WHERE id = ?");
    s.bind(1, id);
    return s.step();
  }

  /// Throws Error unless every id is a valid cell of the image (see setCellLabels()).
  void checkCells(const std::string& imageId, const std::vector<int>& cellIds,
                  const std::string& where) const {
    if (!imageExists(imageId))
      throw Error(where + ": image " + imageId +
                  " is not in the project; check the image ID or add the image's dataset to "
                  "the project.");
    Statement count(db(), file, "SELECT COUNT(*) FROM cells WHERE image_id = ?");
    count.bind(1, imageId);
    const bool recorded = count.step() && count.integer(0) > 0;
    Statement has(db(), file, "SELECT 1 FROM cells WHERE image_id = ? AND cell_id = ?");
    for (int id : cellIds) {
      if (id <= 0)
        throw Error(where + ": cell id " + std::to_string(id) + " of image " + imageId +
                    " is not a cell (ids start at 1); select cells of the label image.");
      if (recorded) {
        has.reset();
        has.bind(1, imageId).bind(2, id);
        if (!has.step())
          throw Error(where + ": image " + imageId + " has no cell " + std::to_string(id) +
                      " in its recorded segmentation; check the cell id or segment the image "
                      "again.");
      }
    }
  }

  /// Writes (labels non-empty) or deletes (labels empty) the annotations; no transaction.
  void writeLabels(const std::string& imageId, const CellLabelMap& labelsByCell) {
    Statement put(db(), file,
                  "INSERT INTO annotations (image_id, cell_id, labels, updated_at) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (image_id, cell_id) DO UPDATE SET "
                  "labels = excluded.labels, updated_at = excluded.updated_at");
    Statement del(db(), file, "DELETE FROM annotations WHERE image_id = ? AND cell_id = ?");
    const std::string now = nowUtc();
    for (const auto& [cell, labels] : labelsByCell) {
      if (labels.empty()) {
        del.reset();
        del.bind(1, imageId).bind(2, cell).run();
      } else {
        put.reset();
        put.bind(1, imageId).bind(2, cell).bind(3, formatLabelList(labels)).bind(4, now).run();
      }
    }
  }

  void replaceLabels(const std::string& imageId, const CellLabelMap& labelsByCell) {
    CellLabelMap checked;
    std::vector<int> ids;
    const std::string where = file.string();
    for (const auto& [cell, labels] : labelsByCell) {
      checked[cell] = labels.empty() ? labels : checkedLabels(labels, where);
      ids.push_back(cell);
    }
    Transaction t(db(), file);
    checkCells(imageId, ids, where);
    writeLabels(imageId, checked);
    t.commit();
  }

  static RunRecord checkedRun(const RunRecord& run, const fs::path& file) {
    static const std::set<std::string> kinds{"train", "fit-mapping", "predict", "segment"};
    static const std::set<std::string> statuses{"running", "finished", "cancelled", "failed"};
    RunRecord r = run;
    if (r.status.empty()) r.status = "running";
    if (r.startedAt.empty()) r.startedAt = nowUtc();
    if (!kinds.count(r.kind))
      throwFileError(file, "run kind \"" + r.kind + "\" is unknown",
                     "use train, fit-mapping, predict or segment");
    if (!statuses.count(r.status))
      throwFileError(file, "run status \"" + r.status + "\" is unknown",
                     "use running, finished, cancelled or failed");
    return r;
  }
};

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Project Project::create(const fs::path& folder, const fs::path& dataDir) {
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->file = folder / kDatabaseName;
  std::vector<ProjectImage> images;
  if (!dataDir.empty()) {
    const Dataset dataset = Dataset::open(dataDir);
    for (const ImageRecord& r : dataset.images())
      images.push_back({r.id, std::string(splitName(r.split)), r.labels});
  }
  std::error_code ec;
  if (fs::exists(impl->file, ec))
    throwFileError(impl->file, "already holds a CellCAM project",
                   "open it instead, or choose an empty folder for a new project");
  fs::create_directories(folder, ec);
  if (ec)
    throwFileError(folder, "could not create the project folder (" + ec.message() + ")",
                   "choose a folder you can write to");
  const fs::path file = impl->file;
  try {
    impl->openReadWrite(true);
    impl->migrate();
    Project project(std::move(impl));
    {
      Transaction t(project.impl_->db(), project.impl_->file);
      Statement meta(project.impl_->db(), project.impl_->file,
                     "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
      meta.bind(1, std::string("data_dir"))
          .bind(2, dataDir.empty() ? std::string() : fs::absolute(dataDir).string())
          .run();
      meta.reset();
      meta.bind(1, std::string("created_at")).bind(2, nowUtc()).run();
      t.commit();
    }
    project.addImages(images);
    return project;
  } catch (const Error&) {
    // Leave no half-made project behind: a later create() would refuse the folder.
    impl.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
    throw;
  }
}

Project Project::open(const fs::path& folder) {
  auto impl = std::make_unique<Impl>();
  impl->folder = folder;
  impl->file = folder / kDatabaseName;
  std::error_code ec;
  if (!fs::is_regular_file(impl->file, ec))
    throwFileError(impl->file, "there is no CellCAM project here",
                   "choose a project folder, or create a new project");
  const std::string damage = diagnose(impl->file);
  if (!damage.empty()) {
    const fs::path backup = backUpDamaged(impl->file);
    throwFileError(
        impl->file,
        "the project database is damaged (" + damage + "); a copy was saved as " + backup.string(),
        "restore the project from a backup, or move " + impl->file.filename().string() +
            " out of the folder and create a new project there");
  }
  impl->openReadWrite(false);
  impl->migrate();
  return Project(std::move(impl));
}

const fs::path& Project::folder() const { return impl_->folder; }

fs::path Project::dataDir() const {
  Statement s(impl_->db(), impl_->file, "SELECT value FROM meta WHERE key = 'data_dir'");
  return s.step() ? fs::path(s.text(0)) : fs::path();
}

// ---- Images and cells --------------------------------------------------------------------------

void Project::addImages(const std::vector<ProjectImage>& images) {
  if (images.empty()) return;
  Transaction t(impl_->db(), impl_->file);
  Statement put(impl_->db(), impl_->file,
                "INSERT INTO images (id, split, labels) VALUES (?, ?, ?) ON CONFLICT (id) DO "
                "UPDATE SET split = excluded.split, labels = excluded.labels");
  for (const ProjectImage& image : images) {
    if (image.id.empty()) throwFileError(impl_->file, "an image ID is empty", "name every image");
    if (image.split != "train" && image.split != "test")
      throwFileError(impl_->file, "image " + image.id + " has split \"" + image.split + "\"",
                     "use train or test");
    for (int l : image.labels)
      if (l < 0 || l >= kNumClasses)
        throwFileError(impl_->file, "image " + image.id + " has label " + std::to_string(l),
                       "use classes 0 to 18");
    std::vector<int> labels = image.labels;
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    put.reset();
    put.bind(1, image.id).bind(2, image.split).bind(3, formatLabelList(labels)).run();
  }
  t.commit();
}

std::vector<ProjectImage> Project::images() const {
  Statement s(impl_->db(), impl_->file, "SELECT id, split, labels FROM images ORDER BY id");
  std::vector<ProjectImage> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), parseStoredLabels(s.text(2))});
  return out;
}

bool Project::hasImage(const std::string& imageId) const { return impl_->imageExists(imageId); }

void Project::setCells(const std::string& imageId, const std::string& segmentationKey,
                       const std::vector<ProjectCell>& cells) {
  std::set<int> ids;
  for (const ProjectCell& c : cells) {
    if (c.cellId <= 0)
      throwFileError(impl_->file, "cell id " + std::to_string(c.cellId) + " of image " + imageId,
                     "cell ids start at 1 (0 is background)");
    if (!ids.insert(c.cellId).second)
      throwFileError(
          impl_->file,
          "cell id " + std::to_string(c.cellId) + " of image " + imageId + " is repeated",
          "give each cell once");
  }
  Transaction t(impl_->db(), impl_->file);
  if (!impl_->imageExists(imageId))
    throwFileError(impl_->file, "image " + imageId + " is not in the project",
                   "check the image ID");
  const std::string oldKey = this->segmentationKey(imageId);
  Statement del(impl_->db(), impl_->file, "DELETE FROM cells WHERE image_id = ?");
  del.bind(1, imageId).run();
  Statement put(impl_->db(), impl_->file,
                "INSERT INTO cells (image_id, cell_id, area, centroid_x, centroid_y, segmentation)"
                " VALUES (?, ?, ?, ?, ?, ?)");
  for (const ProjectCell& c : cells) {
    put.reset();
    put.bind(1, imageId).bind(2, c.cellId).bind(3, c.area).bind(4, c.centroidX);
    put.bind(5, c.centroidY).bind(6, segmentationKey).run();
  }
  if (!oldKey.empty() && oldKey != segmentationKey) {
    Statement drop(impl_->db(), impl_->file,
                   "DELETE FROM annotations WHERE image_id = ? AND cell_id NOT IN "
                   "(SELECT cell_id FROM cells WHERE image_id = ?)");
    drop.bind(1, imageId).bind(2, imageId).run();
  }
  t.commit();
}

std::vector<ProjectCell> Project::cells(const std::string& imageId) const {
  Statement s(impl_->db(), impl_->file,
              "SELECT cell_id, area, centroid_x, centroid_y FROM cells WHERE image_id = ? "
              "ORDER BY cell_id");
  s.bind(1, imageId);
  std::vector<ProjectCell> out;
  while (s.step())
    out.push_back({static_cast<int>(s.integer(0)), s.integer(1), s.real(2), s.real(3)});
  return out;
}

std::string Project::segmentationKey(const std::string& imageId) const {
  Statement s(impl_->db(), impl_->file,
              "SELECT segmentation FROM cells WHERE image_id = ? LIMIT 1");
  s.bind(1, imageId);
  return s.step() ? s.text(0) : std::string();
}

// ---- Annotations -------------------------------------------------------------------------------

void Project::setCellLabels(const std::string& imageId, const std::vector<int>& cellIds,
                            const std::vector<int>& labels) {
  const std::vector<int> checked = checkedLabels(labels, impl_->file.string());
  CellLabelMap change;
  for (int id : cellIds) change[id] = checked;
  impl_->replaceLabels(imageId, change);
}

void Project::clearCellLabels(const std::string& imageId, const std::vector<int>& cellIds) {
  Transaction t(impl_->db(), impl_->file);
  Statement del(impl_->db(), impl_->file,
                "DELETE FROM annotations WHERE image_id = ? AND cell_id = ?");
  for (int id : cellIds) {
    del.reset();
    del.bind(1, imageId).bind(2, id).run();
  }
  t.commit();
}

void Project::replaceCellLabels(const std::string& imageId, const CellLabelMap& labelsByCell) {
  impl_->replaceLabels(imageId, labelsByCell);
}

CellLabelMap Project::cellLabels(const std::string& imageId) const {
  Statement s(impl_->db(), impl_->file,
              "SELECT cell_id, labels FROM annotations WHERE image_id = ? ORDER BY cell_id");
  s.bind(1, imageId);
  CellLabelMap out;
  while (s.step()) out[static_cast<int>(s.integer(0))] = parseStoredLabels(s.text(1));
  return out;
}

std::vector<CellAnnotation> Project::allAnnotations() const {
  Statement s(impl_->db(), impl_->file,
              "SELECT image_id, cell_id, labels, updated_at FROM annotations "
              "ORDER BY image_id, cell_id");
  std::vector<CellAnnotation> out;
  while (s.step())
    out.push_back(
        {s.text(0), static_cast<int>(s.integer(1)), parseStoredLabels(s.text(2)), s.text(3)});
  return out;
}

AnnotationMap Project::annotationMap() const {
  AnnotationMap out;
  for (CellAnnotation& a : allAnnotations()) out[a.imageId][a.cellId] = std::move(a.labels);
  return out;
}

void Project::exportAnnotationsCsv(const fs::path& file) const {
  std::string text;
  appendCsvRow(text, {"ID", "CellID", "Labels"});
  for (const CellAnnotation& a : allAnnotations())
    appendCsvRow(text, {a.imageId, std::to_string(a.cellId), formatLabelList(a.labels)});
  writeFileAtomically(file, text);
}

long long Project::importAnnotationsCsv(const fs::path& file) {
  const CsvTable table = readCsv(file);
  const std::vector<CsvAnnotation> rows = parseAnnotationCsv(table);
  Transaction t(impl_->db(), impl_->file);
  std::map<std::string, CellLabelMap> byImage;
  for (const CsvAnnotation& a : rows) {
    impl_->checkCells(a.imageId, {a.cellId}, table.where(a.row));
    byImage[a.imageId][a.cellId] = a.labels;
  }
  for (const auto& [image, labels] : byImage) impl_->writeLabels(image, labels);
  t.commit();
  return static_cast<long long>(rows.size());
}

// ---- Runs and ensembles ------------------------------------------------------------------------

long long Project::addRun(const RunRecord& run) {
  const RunRecord r = Impl::checkedRun(run, impl_->file);
  Transaction t(impl_->db(), impl_->file);
  Statement s(impl_->db(), impl_->file,
              "INSERT INTO runs (name, kind, config_json, metrics_json, run_dir, status, "
              "started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, r.name).bind(2, r.kind).bind(3, r.configJson).bind(4, r.metricsJson);
  s.bind(5, r.runDir).bind(6, r.status).bind(7, r.startedAt).bind(8, r.finishedAt).run();
  const long long id = sqlite3_last_insert_rowid(impl_->db());
  t.commit();
  return id;
}

void Project::updateRun(const RunRecord& run) {
  const RunRecord r = Impl::checkedRun(run, impl_->file);
  Transaction t(impl_->db(), impl_->file);
  Statement s(impl_->db(), impl_->file,
              "UPDATE runs SET name = ?, kind = ?, config_json = ?, metrics_json = ?, "
              "run_dir = ?, status = ?, started_at = ?, finished_at = ? WHERE id = ?");
  s.bind(1, r.name).bind(2, r.kind).bind(3, r.configJson).bind(4, r.metricsJson);
  s.bind(5, r.runDir).bind(6, r.status).bind(7, r.startedAt).bind(8, r.finishedAt);
  s.bind(9, r.id).run();
  if (sqlite3_changes(impl_->db()) == 0)
    throwFileError(impl_->file, "there is no run " + std::to_string(r.id),
                   "add the run with addRun() first");
  t.commit();
}

std::vector<RunRecord> Project::runs() const {
  Statement s(impl_->db(), impl_->file,
              "SELECT id, name, kind, config_json, metrics_json, run_dir, status, started_at, "
              "finished_at FROM runs ORDER BY id");
  std::vector<RunRecord> out;
  while (s.step())
    out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                   s.text(7), s.text(8)});
  return out;
}

long long Project::saveEnsemble(const std::string& name, const std::string& json) {
  if (name.empty())
    throwFileError(impl_->file, "the ensemble has no name", "give the ensemble a name");
  Transaction t(impl_->db(), impl_->file);
  Statement s(impl_->db(), impl_->file,
              "INSERT INTO ensembles (name, json, saved_at) VALUES (?, ?, ?) ON CONFLICT (name) "
              "DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at");
  s.bind(1, name).bind(2, json).bind(3, nowUtc()).run();
  Statement id(impl_->db(), impl_->file, "SELECT id FROM ensembles WHERE name = ?");
  id.bind(1, name);
  const long long result = id.step() ? id.integer(0) : 0;
  t.commit();
  return result;
}

std::vector<EnsembleRecord> Project::ensembles() const {
  Statement s(impl_->db(), impl_->file,
              "SELECT id, name, json, saved_at FROM ensembles ORDER BY name");
  std::vector<EnsembleRecord> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

// ---- Free functions ----------------------------------------------------------------------------

std::vector<ProjectCell> describeCells(const cv::Mat& labels) {
  if (labels.empty()) return {};
  if (labels.channels() != 1 || (labels.depth() != CV_32S && labels.depth() != CV_16U))
    throw Error(
        "a label image must have one channel of 32-bit signed or 16-bit unsigned cell "
        "ids; convert it before describing its cells.");
  struct Sum {
    long long area = 0;
    double x = 0, y = 0;
  };
  std::map<int, Sum> sums;
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x) {
      const int id = labels.depth() == CV_32S ? labels.at<std::int32_t>(y, x)
                                              : static_cast<int>(labels.at<std::uint16_t>(y, x));
      if (id == 0) continue;
      if (id < 0)
        throw Error("a label image holds the negative cell id " + std::to_string(id) +
                    "; cell ids must be positive (0 = background).");
      Sum& s = sums[id];
      ++s.area;
      s.x += x;
      s.y += y;
    }
  std::vector<ProjectCell> out;
  out.reserve(sums.size());
  for (const auto& [id, s] : sums)
    out.push_back(
        {id, s.area, s.x / static_cast<double>(s.area), s.y / static_cast<double>(s.area)});
  return out;
}

AnnotationMap loadAnnotations(const fs::path& source) {
  std::error_code ec;
  if (!fs::exists(source, ec))
    throwFileError(source, "not found",
                   "pass a project folder or an annotation CSV with columns ID,CellID,Labels");
  if (fs::is_directory(source, ec)) return Project::open(source).annotationMap();
  if (source.filename() == Project::kDatabaseName)
    return Project::open(source.parent_path()).annotationMap();
  const CsvTable table = readCsv(source);
  AnnotationMap out;
  for (CsvAnnotation& a : parseAnnotationCsv(table)) out[a.imageId][a.cellId] = a.labels;
  return out;
}

AnnotatedCellMetric evaluateAnnotatedCells(const std::vector<CellPrediction>& predictions,
                                           const AnnotationMap& annotations) {
  std::map<std::pair<std::string, int>, const CellPrediction*> byCell;
  for (const CellPrediction& p : predictions) {
    if (p.probabilities.size() != static_cast<std::size_t>(kNumClasses))
      throw Error("the prediction of cell " + std::to_string(p.cellId) + " of image " + p.imageId +
                  " has " + std::to_string(p.probabilities.size()) + " probabilities instead of " +
                  std::to_string(kNumClasses) + "; pass one per class.");
    if (!byCell.emplace(std::make_pair(p.imageId, p.cellId), &p).second)
      throw Error("cell " + std::to_string(p.cellId) + " of image " + p.imageId +
                  " is predicted twice; pass each cell once.");
  }
  AnnotatedCellMetric result;
  std::vector<const CellPrediction*> scored;
  std::vector<const std::vector<int>*> truth;
  for (const auto& [image, cells] : annotations)
    for (const auto& [cell, labels] : cells) {
      const auto it = byCell.find({image, cell});
      if (it == byCell.end()) {
        ++result.cellsUnpredicted;
        continue;
      }
      scored.push_back(it->second);
      truth.push_back(&labels);
    }
  result.cellsScored = static_cast<long long>(scored.size());
  double sum = 0;
  for (int c = 0; c < kNumClasses; ++c) {
    ClassAP ap;
    ap.label = c;
    std::vector<double> confidences;
    std::vector<bool> hits;
    for (std::size_t i = 0; i < scored.size(); ++i) {
      const bool hit = std::find(truth[i]->begin(), truth[i]->end(), c) != truth[i]->end();
      confidences.push_back(scored[i]->probabilities[static_cast<std::size_t>(c)]);
      hits.push_back(hit);
      if (hit) ++ap.groundTruth;
    }
    ap.predictions = static_cast<long long>(scored.size());
    ap.truePositives = ap.groundTruth;
    if (ap.groundTruth > 0) {
      ap.ap = averagePrecision(confidences, hits, ap.groundTruth);
      sum += ap.ap;
      ++result.metric.classesScored;
    }
    result.metric.perClass.push_back(ap);
  }
  if (result.metric.classesScored > 0) result.metric.mAP = sum / result.metric.classesScored;
  return result;
}

}  // namespace cellcam
