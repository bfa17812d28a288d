// Storage tests run once per backend (doctest SUBCASEs): kept apart from
// postgres_server.cpp so that the benchmarks can start a PostgreSQL server
// without doctest.
#include <doctest/doctest.h>

#include "tests/support/postgres_server.hpp"

namespace test {

std::unique_ptr<storage::Database> postgres_database(storage::DatabaseOptions options) {
    try {
        return std::make_unique<storage::Database>(PostgresServer::shared().create_database(),
                                                   std::move(options));
    } catch (const std::exception& e) {
        FAIL("no PostgreSQL for this test: " << e.what());
        throw;
    }
}

std::unique_ptr<storage::Database> each_backend(storage::DatabaseOptions options) {
    std::unique_ptr<storage::Database> db;
    SUBCASE("sqlite") {
        db = std::make_unique<storage::Database>(":memory:", options);
    }
    SUBCASE("postgresql") {
        db = postgres_database(options);
    }
    return db;
}

}  // namespace test
