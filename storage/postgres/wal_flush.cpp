#include "storage/postgres/wal_flush.hpp"

#include <chrono>
#include <thread>

#include <pqxx/pqxx>

#include "storage/backend.hpp"
#include "storage/dialect.hpp"
#include "storage/postgres/session.hpp"

namespace storage::postgres {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// How long a sync keeps trying to reach the server before it reports the
// commits in doubt: by then Slack's 3 s for the acks are mostly gone.
constexpr auto kRetryFor = 2500ms;

class WalFlush final : public Durability {
  public:
    WalFlush(std::string target, const std::string& replica, std::shared_ptr<spdlog::logger> log)
        : target_(std::move(target)),
          redacted_(dialect::redact(target_)),
          log_(log ? std::move(log) : std::make_shared<spdlog::logger>("wal_flush")) {
        connect();
        // Quoted once here: the flush is one simple query, one round trip.
        pqxx::nontransaction tx(*conn_);
        flush_sql_ =
            "INSERT INTO commit_flushes (replica, flushes) VALUES (" + tx.quote(replica) +
            ", 1) ON CONFLICT (replica) DO UPDATE SET flushes = commit_flushes.flushes + 1";
    }

    SyncResult sync(Time first_queued, std::stop_token stop) override {
        const auto deadline = SteadyClock::now() + kRetryFor;
        std::string error;
        for (;;) {
            try {
                if (!conn_) connect();
                const bool spanned = connected_at_ < first_queued;
                pqxx::nontransaction tx(*conn_);
                tx.exec(flush_sql_);  // its own transaction: committed, and flushed, on return
                if (spanned) return {};
                return {SyncOutcome::InDoubt,
                        error.empty() ? "the connection to " + redacted_ +
                                            " was new, so a crash before it cannot be ruled out"
                                      : error};
            } catch (const std::exception& e) {
                // Lost (or never reached): whatever this flush covers is in
                // doubt from here on, even if a new session flushes later.
                conn_.reset();
                first_queued = Time::min();
                error = "lost the connection to " + redacted_ + ": " + dialect::redact(e.what());
            }
            if (stop.stop_requested() || SteadyClock::now() >= deadline)
                return {SyncOutcome::InDoubt, error};
            std::this_thread::sleep_for(100ms);
        }
    }

    void idle(std::stop_token) override {
        try {
            if (!conn_) {
                connect();
                return;
            }
            pqxx::nontransaction tx(*conn_);
            tx.exec("SELECT 1");
        } catch (const std::exception& e) {
            if (conn_)
                log_->warn("DB_SYNC=full: lost the connection to {}: {}", redacted_,
                           dialect::redact(e.what()));
            conn_.reset();
        }
    }

    std::string what() const override { return "the PostgreSQL WAL at " + redacted_; }

  private:
    void connect() {
        conn_ = open_session(target_, redacted_);
        try {
            pqxx::nontransaction tx(*conn_);
            tx.exec("SET application_name = 'incident-bot commit flush'");
            // At least a local flush; a stronger server setting (remote_write,
            // remote_apply with synchronous standbys) is kept as it is.
            if (tx.exec1("SHOW synchronous_commit")[0].as<std::string>() == "off")
                tx.exec("SET synchronous_commit = on");
            connected_at_ = SteadyClock::now();
        } catch (const pqxx::broken_connection& e) {
            conn_.reset();
            throw DatabaseUnavailable("cannot reach the database at " + redacted_ + ": " +
                                      std::string(e.what()));
        }
    }

    std::string target_;
    std::string redacted_;
    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<pqxx::connection> conn_;
    Time connected_at_{};
    std::string flush_sql_;
};

}  // namespace

std::unique_ptr<Durability> wal_flush(const std::string& target, const std::string& replica,
                                      std::shared_ptr<spdlog::logger> logger) {
    return std::make_unique<WalFlush>(target, replica, std::move(logger));
}

}  // namespace storage::postgres
