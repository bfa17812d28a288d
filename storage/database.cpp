#include "storage/database.hpp"

#include <SQLiteCpp/Exception.h>

#include "storage/schema.hpp"

namespace storage {

Database::Database(const std::string& path, DatabaseOptions options)
    : path_(path),
      db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, options.busy_timeout_ms),
      logger_(std::move(options.logger)) {
    configure();
    if (!options.auto_checkpoint) db_.exec("PRAGMA wal_autocheckpoint = 0");
    migrate();
}

core::Result<std::unique_ptr<Database>> Database::open(const std::string& path,
                                                       DatabaseOptions options) {
    try {
        return std::make_unique<Database>(path, std::move(options));
    } catch (const DatabaseError& e) {
        return core::make_error(e.code(), e.what());
    } catch (const std::exception& e) {
        return core::make_error("db_open_failed", "cannot open database " + path + ": " + e.what());
    }
}

void Database::configure() {
    // WAL: readers never block the writer, and a commit is one append to the
    // log. synchronous=NORMAL in WAL mode survives a process crash (kill -9)
    // with every committed transaction; only an OS crash or power loss can
    // drop the last few commits, and never corrupts the file.
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
}

void Database::migrate() {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    const int found = schema_version();
    const int latest = latest_schema_version();
    if (found > latest) {
        throw DatabaseError("db_schema_too_new",
                            "database " + path_ + " has schema version " + std::to_string(found) +
                                " but this incident-bot knows only up to " +
                                std::to_string(latest) +
                                "; run a newer incident-bot or point INCIDENT_DB_PATH elsewhere");
    }
    for (const Migration& m : migrations()) {
        if (m.version <= found) continue;
        try {
            transaction([&] {
                // Another process may have migrated since we looked; the write
                // lock taken by BEGIN IMMEDIATE makes this second look final.
                if (schema_version() >= m.version) return;
                db_.exec(std::string(m.sql));
                query("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)")
                    .bind(1, m.version)
                    .bind(2, m.name)
                    .run();
            });
        } catch (const SQLite::Exception& e) {
            throw DatabaseError("db_migration_failed",
                                "database " + path_ + ": migration " + std::to_string(m.version) +
                                    " (" + std::string(m.name) + ") failed: " + e.what());
        }
        if (logger_)
            logger_->info("database schema migrated to version {} ({})", m.version, m.name);
    }
}

int Database::schema_version() {
    Query q = query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.step();
    return static_cast<int>(q.int64(0));
}

std::string Database::journal_mode() {
    Query q = query("PRAGMA journal_mode");
    q.step();
    return q.text(0);
}

Query Database::query(const char* sql) {
    auto it = statements_.find(std::string_view(sql));
    if (it == statements_.end()) {
        it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    }
    return Query(*it->second);
}

Database::Scope::Scope(Database& db, bool read_only) : db_(db), nested_(db.depth_ > 0) {
    // IMMEDIATE takes the write lock up front, so two connections never
    // deadlock upgrading from a read; busy_timeout covers the wait. A read
    // transaction is DEFERRED: it takes a snapshot, never the write lock.
    db_.query(nested_     ? "SAVEPOINT ib_nested"
              : read_only ? "BEGIN DEFERRED"
                          : "BEGIN IMMEDIATE")
        .run();
    ++db_.depth_;
}

void Database::Scope::commit() {
    db_.query(nested_ ? "RELEASE SAVEPOINT ib_nested" : "COMMIT").run();
    done_ = true;
}

Database::Scope::~Scope() {
    --db_.depth_;
    if (done_) return;
    try {
        if (nested_) {
            db_.query("ROLLBACK TO SAVEPOINT ib_nested").run();
            db_.query("RELEASE SAVEPOINT ib_nested").run();
        } else {
            db_.query("ROLLBACK").run();
        }
    } catch (const std::exception& e) {
        // SQLite may already have rolled back on its own (disk full, I/O
        // error); the exception in flight is the one that matters.
        if (db_.logger_) db_.logger_->warn("database rollback failed: {}", e.what());
    }
}

}  // namespace storage
