#pragma once
// A throwaway PostgreSQL 15 for tests: initdb into a temp dir (as the
// unprivileged user `nobody` when the tests run as root, since the server
// refuses root), pg_ctl on a free loopback port with its socket in that dir,
// stopped and removed by the destructor. Fails with a clear message (never
// skips) when PostgreSQL is missing: scripts/setup.sh --tests installs it.
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace test {

class PostgresServer {
  public:
    // How the server keeps its data. Tests run it without fsync (fast, and a
    // test never survives a power cut anyway); benchmarks run it as shipped.
    enum class Disk { NoSync, Durable };
    // initdb + start; throws std::runtime_error saying why not. `settings`:
    // more `-c name=value` flags for the server.
    explicit PostgresServer(Disk disk = Disk::NoSync, std::string settings = {});
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // One server per test process, started on first use.
    static PostgresServer& shared();

    // A new empty database; returns its connection URI.
    std::string create_database();
    std::string url(const std::string& database) const;

    // The server goes away and comes back (same data, same port): a
    // database outage as a replica sees it.
    void stop();
    void start();
    bool running() const { return running_; }
    unsigned short port() const { return port_; }

  private:
    std::string pg_ctl(const std::string& action);

    std::string settings_;
    std::string dir_;
    unsigned short port_ = 0;
    bool running_ = false;
    int databases_ = 0;
};

// Runs the test body once per backend (doctest SUBCASEs "sqlite" and
// "postgresql"): SQLite in memory, or a fresh database on the shared server.
std::unique_ptr<storage::Database> each_backend(storage::DatabaseOptions options = {});
// A fresh PostgreSQL database as a storage::Database.
std::unique_ptr<storage::Database> postgres_database(storage::DatabaseOptions options = {});

}  // namespace test
