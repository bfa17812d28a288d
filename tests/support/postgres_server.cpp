#include "tests/support/postgres_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <pwd.h>
#include <unistd.h>

#include <pqxx/pqxx>

#include "tests/support/ops_http.hpp"
#include "tests/support/process.hpp"

namespace test {
namespace {

const std::string kBin = "/usr/lib/postgresql/15/bin/";

// Runs a PostgreSQL program, as `nobody` when we are root.
RunResult as_server_user(const std::string& program, std::vector<std::string> args) {
    ProcessOptions options;
    if (::geteuid() == 0) {
        args.insert(args.begin(), {"-u", "nobody", "--", kBin + program});
        options.args = std::move(args);
        return run("/usr/sbin/runuser", std::move(options), std::chrono::seconds(60));
    }
    options.args = std::move(args);
    return run(kBin + program, std::move(options), std::chrono::seconds(60));
}

}  // namespace

PostgresServer::PostgresServer(Disk disk, std::string settings)
    : settings_((disk == Disk::NoSync
                     ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                     : std::string()) +
                (settings.empty() ? std::string() : " " + settings)) {
    if (!std::filesystem::exists(kBin + "initdb"))
        throw std::runtime_error("PostgreSQL 15 is not installed (" + kBin +
                                 "initdb missing): run scripts/setup.sh --tests");
    // Short: the socket path inside must stay under ~100 bytes.
    std::string pattern = "/tmp/ibpg.XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    if (::geteuid() == 0) {
        const passwd* nobody = ::getpwnam("nobody");
        if (!nobody || ::chown(dir_.c_str(), nobody->pw_uid, nobody->pw_gid) != 0)
            throw std::runtime_error("cannot hand " + dir_ + " to user nobody");
    }
    const auto init =
        as_server_user("initdb", {"-D", dir_ + "/data", "-U", "postgres", "-A", "trust", "-E",
                                  "UTF8", "--locale=C", "--no-sync", "--no-instructions"});
    if (init.code != 0)
        throw std::runtime_error("initdb failed (" + std::to_string(init.code) + "): " + init.err +
                                 init.out);
    // A port found free may be taken by a parallel test before we bind it.
    std::string why;
    for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
        port_ = free_port();
        why = pg_ctl("start");
    }
    if (!running_) throw std::runtime_error("cannot start PostgreSQL in " + dir_ + ": " + why);
}

PostgresServer::~PostgresServer() {
    if (running_) {
        const auto stopped =
            as_server_user("pg_ctl", {"-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
        (void)stopped;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string PostgresServer::pg_ctl(const std::string& action) {
    const auto r = as_server_user(
        "pg_ctl", {"-D", dir_ + "/data", "-l", dir_ + "/pg.log", "-w", "-o",
                   "-p " + std::to_string(port_) + " -k " + dir_ +
                       " -c listen_addresses=127.0.0.1 -c max_connections=200" + settings_,
                   action});
    if (r.code == 0) running_ = action == "start";
    return r.err + r.out;
}

void PostgresServer::stop() {
    const auto r = as_server_user("pg_ctl", {"-D", dir_ + "/data", "-m", "fast", "-w", "stop"});
    if (r.code != 0) throw std::runtime_error("pg_ctl stop failed: " + r.err + r.out);
    running_ = false;
}

void PostgresServer::start() {
    const std::string why = pg_ctl("start");
    if (!running_) throw std::runtime_error("pg_ctl start failed: " + why);
}

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

std::string PostgresServer::url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database() {
    const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    pqxx::connection admin(url("postgres"));
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE DATABASE " + name + " TEMPLATE template0");
    return url(name);
}

}  // namespace test
