#include "storage/database.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

#include "storage/postgres/connection.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_backend.hpp"

namespace storage {
namespace {

// The key of the advisory lock that serialises start-up migrations across
// replicas (any constant: "incident-bot schema").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7162534401)";
// However short the connection's own lock wait: another replica's migrations
// may take a while on a big database, and a start-up waits for them.
constexpr const char* kMigrationLockWait = "SET LOCAL lock_timeout = '5min'";

std::unique_ptr<Connection> connect(const std::string& target, const DatabaseOptions& options) {
    if (dialect::is_postgres_target(target))
        return postgres::open(target, options.async_commit, options.lock_wait);
    return open_sqlite(target, options.lock_wait, options.auto_checkpoint);
}

// The tables the migrations create, read from their DDL, so that a table
// added by a later migration is erased too without a list to keep.
std::vector<std::string> migration_tables() {
    static constexpr std::string_view kCreate = "CREATE TABLE ";
    std::vector<std::string> tables;
    for (const Migration& m : migrations())
        for (auto at = m.sql.find(kCreate); at != std::string_view::npos;
             at = m.sql.find(kCreate, at + 1)) {
            const auto from = at + kCreate.size();
            const auto to = m.sql.find_first_of(" (\n", from);
            tables.emplace_back(m.sql.substr(from, to - from));
        }
    return tables;
}

}  // namespace

void Database::erase(const std::string& target) {
    if (!dialect::is_postgres_target(target)) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(target + suffix, ignored);
        return;
    }
    std::string drop = "DROP TABLE IF EXISTS schema_migrations";
    for (const auto& table : migration_tables()) drop += ", " + table;
    const auto conn = postgres::open(target);
    conn->exec("BEGIN");
    conn->exec(kMigrationLock);
    conn->exec(drop + " CASCADE");
    conn->exec("COMMIT");
}

Database::Database(const std::string& target, DatabaseOptions options)
    : path_(dialect::is_postgres_target(target) ? dialect::redact(target) : target),
      dialect_(dialect::is_postgres_target(target) ? Dialect::Postgres : Dialect::Sqlite),
      conn_(connect(target, options)),
      logger_(std::move(options.logger)),
      replica_id_(std::move(options.replica_id)),
      lease_(options.lease) {
    migrate();
}

core::Result<std::unique_ptr<Database>> Database::open(const std::string& target,
                                                       DatabaseOptions options) {
    try {
        return std::make_unique<Database>(target, std::move(options));
    } catch (const DatabaseError& e) {
        return core::make_error(e.code(), e.what());
    } catch (const DatabaseUnavailable& e) {
        return core::make_error("db_unreachable", e.what());
    } catch (const std::exception& e) {
        const std::string shown =
            dialect::is_postgres_target(target) ? dialect::redact(target) : target;
        return core::make_error("db_open_failed",
                                "cannot open database " + shown + ": " + dialect::redact(e.what()));
    }
}

void Database::migrate() {
    if (dialect_ == Dialect::Postgres)
        migrate_postgres();
    else
        migrate_sqlite();
}

void Database::migrate_sqlite() {
    conn_->exec(
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
        if (applied(m.version)) continue;
        try {
            transaction([&] {
                // Another process may have migrated since we looked; the write
                // lock taken by BEGIN IMMEDIATE makes this second look final.
                if (applied(m.version)) return;
                conn_->exec(dialect::migration_ddl(dialect_, m.sql));
                query("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)")
                    .bind(1, m.version)
                    .bind(2, m.name)
                    .run();
            });
        } catch (const std::exception& e) {
            throw DatabaseError("db_migration_failed",
                                "database " + path_ + ": migration " + std::to_string(m.version) +
                                    " (" + std::string(m.name) + ") failed: " + e.what());
        }
        if (logger_)
            logger_->info("database schema migrated to version {} ({})", m.version, m.name);
    }
}

// One READ COMMITTED transaction under a constant advisory lock: of two
// replicas starting at once, one migrates and the other waits, then sees
// every migration applied (PostgreSQL DDL is transactional, and CREATE ...
// IF NOT EXISTS alone does not survive a race).
void Database::migrate_postgres() {
    std::vector<const Migration*> done;
    transaction([&] {
        control(kMigrationLockWait);
        control(kMigrationLock);
        conn_->exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version BIGINT PRIMARY KEY, name TEXT NOT NULL)");
        const int found = schema_version();
        const int latest = latest_schema_version();
        if (found > latest) {
            throw DatabaseError(
                "db_schema_too_new",
                "database " + path_ + " has schema version " + std::to_string(found) +
                    " but this incident-bot knows only up to " + std::to_string(latest) +
                    "; run a newer incident-bot or point INCIDENT_DB_URL elsewhere");
        }
        for (const Migration& m : migrations()) {
            if (applied(m.version)) continue;
            try {
                conn_->exec(dialect::migration_ddl(dialect_, m.sql));
            } catch (const DatabaseUnavailable&) {
                throw;
            } catch (const std::exception& e) {
                throw DatabaseError("db_migration_failed", "database " + path_ + ": migration " +
                                                               std::to_string(m.version) + " (" +
                                                               std::string(m.name) +
                                                               ") failed: " + e.what());
            }
            query("INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)")
                .bind(1, m.version)
                .bind(2, m.name)
                .run();
            done.push_back(&m);
        }
    });
    // Statements prepared before the DDL could describe the old tables.
    retire_statements();
    if (logger_)
        for (const Migration* m : done)
            logger_->info("database schema migrated to version {} ({})", m->version, m->name);
}

bool Database::applied(int version) {
    Query q = query("SELECT 1 FROM schema_migrations WHERE version = ?1");
    q.bind(1, version);
    return q.step();
}

int Database::schema_version() {
    Query q = query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.step();
    return static_cast<int>(q.int64(0));
}

std::string Database::journal_mode() {
    if (dialect_ != Dialect::Sqlite) return "";
    Query q = query("PRAGMA journal_mode");
    q.step();
    return q.text(0);
}

bool Database::writable() {
    if (in_transaction()) return true;  // a write is under way on this very connection
    try {
        if (dialect_ == Dialect::Postgres) {
            ensure_connected();
            Query q = query("SELECT 1");
            return q.step();
        }
        control("BEGIN IMMEDIATE");
        control("ROLLBACK");
        return true;
    } catch (const std::exception&) {
        try {
            if (dialect_ == Dialect::Sqlite) control("ROLLBACK");
        } catch (const std::exception&) {
        }
        return false;
    }
}

Query Database::query(const char* sql) {
    // Outside a transaction a statement may be the first after the database
    // came back (inside one, the transaction must fail whole).
    if (depth_ == 0) ensure_connected();
    auto it = statements_.find(std::string_view(sql));
    if (it == statements_.end()) it = statements_.emplace(sql, conn_->prepare(sql)).first;
    return Query(*it->second);
}

void Database::control(const char* sql) {
    if (dialect_ == Dialect::Sqlite)
        query(sql).run();
    else
        conn_->exec(sql);
}

void Database::retire_statements() {
    for (auto& [sql, statement] : statements_) retired_.push_back(std::move(statement));
    statements_.clear();
    std::erase_if(retired_, [](const auto& statement) { return statement->users == 0; });
}

void Database::ensure_connected() {
    if (conn_->healthy()) return;
    retire_statements();
    conn_->reconnect();
    if (logger_) logger_->info("reconnected to the database at {}", path_);
}

Database::Scope::Scope(Database& db, ScopeKind kind)
    : db_(db),
      nested_(db.depth_ > 0),
      savepoint_(kind == ScopeKind::Savepoint),
      commit_with_next_(kind == ScopeKind::WriteCommittedWithNext),
      was_doomed_(db.doomed_) {
    if (savepoint_ && !nested_) throw std::logic_error("savepoint() outside a transaction");
    if (!nested_) {
        db_.ensure_connected();
        db_.doomed_ = false;
        // IMMEDIATE takes the write lock up front, so two connections never
        // deadlock upgrading from a read; busy_timeout covers the wait. A
        // read transaction is DEFERRED: it takes a snapshot, never the write lock.
        db_.control(kind == ScopeKind::Read ? dialect::begin_read(db_.dialect_)
                                            : dialect::begin_write(db_.dialect_));
    } else if (savepoint_) {
        db_.control("SAVEPOINT ib_savepoint");
    }
    ++db_.depth_;
}

void Database::Scope::commit() {
    if (savepoint_) {
        db_.control("RELEASE SAVEPOINT ib_savepoint");
    } else if (!nested_) {
        if (db_.doomed_)
            throw std::logic_error(
                "a nested transaction failed and its error was caught: nothing is committed");
        if (!commit_with_next_ || !db_.conn_->commit_with_next()) db_.control("COMMIT");
    }
    done_ = true;
}

Database::Scope::~Scope() {
    --db_.depth_;
    if (done_) return;
    if (nested_ && !savepoint_) {
        db_.doomed_ = true;
        return;
    }
    try {
        if (savepoint_) {
            db_.control("ROLLBACK TO SAVEPOINT ib_savepoint");
            db_.control("RELEASE SAVEPOINT ib_savepoint");
            db_.doomed_ = was_doomed_;
        } else {
            db_.control("ROLLBACK");
        }
    } catch (const std::exception& e) {
        // SQLite may already have rolled back on its own (disk full, I/O
        // error), PostgreSQL's connection may be gone; the exception in
        // flight is the one that matters.
        if (db_.logger_) db_.logger_->warn("database rollback failed: {}", e.what());
    }
}

}  // namespace storage
