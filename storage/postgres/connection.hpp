#pragma once
// The PostgreSQL engine behind storage::Database (libpqxx 6.4 over libpq).
// Statements are prepared once per connection, with `?N` turned into `$N`;
// parameters travel as text. Inside a transaction, BEGIN and the writes sent
// with Statement::send wait, as SQL text with their values quoted in, and go
// with the next round trip (a statement that must answer, or the COMMIT). A lost connection is noticed on the failing
// statement (which throws DatabaseUnavailable) and replaced by the next
// transaction.
#include <memory>
#include <string>

#include "storage/backend.hpp"

namespace storage::postgres {

// `target` is a libpq URI or key=value string. Throws DatabaseUnavailable
// when the server cannot be reached; messages never carry the password.
std::unique_ptr<Connection> open(const std::string& target);

}  // namespace storage::postgres
