#pragma once
// Every difference between the SQLite and the PostgreSQL spelling of the
// bot's SQL, in one place. The repositories' SQL is the portable subset both
// engines read alike (ON CONFLICT ... DO NOTHING / DO UPDATE, RETURNING,
// partial indexes, `?N` placeholders); what is left is here.
#include <string>
#include <string_view>

namespace storage {

enum class Dialect { Sqlite, Postgres };

namespace dialect {

// `?N` placeholders as the engine wants them: `$N` for PostgreSQL (outside
// string literals). Also reports the highest N, the number of parameters.
std::string placeholders(Dialect d, std::string_view sql, int* parameter_count = nullptr);

// A migration's DDL, written in SQLite's spelling, for the engine:
// PostgreSQL gets BIGINT for INTEGER (times are milliseconds), identity
// columns for `INTEGER PRIMARY KEY` ids, and no `WITHOUT ROWID`.
std::string migration_ddl(Dialect d, std::string_view sql);

// Starting a transaction: the write kind takes the one write lock up front,
// so write transactions run one at a time, across processes and replicas
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED under a constant
// transaction-scoped advisory lock, so every statement sees what the previous
// writers committed); the read kind is one snapshot and takes no lock.
const char* begin_write(Dialect d);
const char* begin_read(Dialect d);

// True for a libpq connection string (URI or key=value), false for a path.
bool is_postgres_target(std::string_view target);
// The connection string with any password replaced by "****": the only
// form that may appear in a log line or an error message.
std::string redact(std::string_view target);

}  // namespace dialect
}  // namespace storage
