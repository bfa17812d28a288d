#pragma once
// Every difference between the SQLite and the PostgreSQL spelling of the
// bot's SQL, in one place. The repositories' SQL is the portable subset both
// engines read alike (ON CONFLICT ... DO NOTHING / DO UPDATE, RETURNING,
// partial indexes, `?N` placeholders); what is left is here.
#include <string>
#include <string_view>
#include <vector>

namespace storage {

enum class Dialect { Sqlite, Postgres };

namespace dialect {

// `?N` placeholders as the engine wants them: `$N` for PostgreSQL (outside
// string literals). Also reports the highest N, the number of parameters.
std::string placeholders(Dialect d, std::string_view sql, int* parameter_count = nullptr);

// The SQL cut at its `?N` placeholders: text[0] ?params[0] text[1] ... ;
// text has one more piece than params (N, 1-based).
struct SqlPieces {
    std::vector<std::string> text;
    std::vector<int> params;
};
SqlPieces split_placeholders(std::string_view sql);

// A migration's DDL, written in SQLite's spelling, for the engine:
// PostgreSQL gets BIGINT for INTEGER (times are milliseconds), identity
// columns for `INTEGER PRIMARY KEY` ids, and no `WITHOUT ROWID`.
std::string migration_ddl(Dialect d, std::string_view sql);

// Starting a transaction. SQLite's write kind (BEGIN IMMEDIATE) takes the
// one write lock up front; PostgreSQL's (READ COMMITTED) lets writers run
// side by side, each statement seeing what others committed, and a change
// to an incident locks its row first (Incidents::get_for_update), so the
// changes to one incident take turns across replicas while different
// incidents do not wait for each other. The read kind is one snapshot and
// takes no lock.
const char* begin_write(Dialect d);
const char* begin_read(Dialect d);

// True for a libpq connection string (URI or key=value), false for a path.
bool is_postgres_target(std::string_view target);
// The connection string with any password replaced by "****": the only
// form that may appear in a log line or an error message.
std::string redact(std::string_view target);

}  // namespace dialect
}  // namespace storage
