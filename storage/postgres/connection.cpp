#include "storage/postgres/connection.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include <poll.h>

#include <pqxx/pqxx>

#include "storage/postgres/session.hpp"

namespace storage::postgres {

namespace {

class PgConnection;

// lock_timeout ran out (PostgreSQL's error code lock_not_available).
constexpr const char* kLockNotAvailable = "55P03";

// Runs `f`, turning a lost connection into DatabaseUnavailable and a lock
// waited for past lock_timeout into LockWaitTimeout.
template <class F>
auto guarded(PgConnection& c, F&& f) -> decltype(f());

class PgConnection final : public Connection {
  public:
    PgConnection(std::string target, bool async_commit, std::chrono::milliseconds lock_wait)
        : target_(std::move(target)),
          redacted_(dialect::redact(target_)),
          async_commit_(async_commit),
          lock_wait_(lock_wait) {
        connect();
    }

    Dialect dialect() const override { return Dialect::Postgres; }
    // Round trips saved: BEGIN waits for the transaction's first statement,
    // and writes whose answer nobody reads (send()) wait for the next
    // statement; what waits travels with it (a read, COMMIT or any other
    // control statement) as one simple query. ROLLBACK, whole or to a
    // savepoint, drops what waits (a SAVEPOINT is only set after everything
    // before it has gone).
    void exec(const std::string& sql) override {
        if (sql.starts_with("BEGIN")) {
            begin_ = sql;
            pending_.clear();
            in_transaction_ = true;
            began_ = false;
            return;
        }
        if (sql.starts_with("ROLLBACK")) {
            pending_.clear();
            const bool whole = sql == "ROLLBACK";
            if (whole) in_transaction_ = false;
            if (began_) run_text(sql);
            if (whole) began_ = false;
            return;
        }
        const bool commit = sql == "COMMIT";
        if (commit && !began_ && pending_.empty()) {
            in_transaction_ = false;  // it wrote nothing and never reached the server
            return;
        }
        const std::string text = take() + sql;
        if (commit) in_transaction_ = false;
        run_text(text);
        if (commit) began_ = false;
    }
    // Something waits for the next round trip (a transaction committed with
    // the next statement, the open transaction's BEGIN or writes sent): a
    // statement that must answer goes with it.
    bool waiting() const {
        return !committing_.empty() || (in_transaction_ && (!began_ || !pending_.empty()));
    }
    // What waits, then `sql`, in one round trip: the answer is `sql`'s.
    pqxx::result run_after_waiting(const std::string& sql) {
        const bool carries_commit = !committing_.empty();
        try {
            return run_text(take() + sql);
        } catch (const DatabaseUnavailable&) {
            throw;
        } catch (const std::exception&) {
            // A statement of the committed transaction failed: the server
            // skipped the rest of the text and left that transaction open,
            // aborted. Outside a transaction of ours (whose own ROLLBACK
            // would end it) it ends here, so the next statement runs.
            if (carries_commit && !in_transaction_) {
                try {
                    run_text("ROLLBACK");
                } catch (const std::exception&) {
                }
            }
            throw;
        }
    }
    // The open transaction, BEGIN and writes, then COMMIT, wait for the
    // next statement, outside any transaction or in the next one (before
    // its BEGIN). The server runs a simple query's statements in order and
    // stops at the first that fails, so that statement runs only once the
    // COMMIT has succeeded, and its answer says so.
    bool commit_with_next() override {
        if (!began_ && pending_.empty()) {
            in_transaction_ = false;  // it wrote nothing and never reached the server
            return true;
        }
        std::string text = take();
        committing_ += text + "COMMIT;\n";
        in_transaction_ = began_ = false;
        return true;
    }
    bool in_transaction() const { return in_transaction_; }
    // Inside a transaction: `sql` waits for the next round trip.
    void defer(const std::string& sql) {
        pending_ += sql;
        pending_ += ";\n";
    }
    std::unique_ptr<Statement> prepare(const char* sql) override;
    bool healthy() const override {
        if (!conn_ || broken_) return false;
        // A commit waiting for the next statement is not dropped with a
        // session replaced here: that statement finds the session lost and
        // fails, and the caller knows the commit's fate is unknown.
        if (in_transaction_ || !committing_.empty()) return true;
        // Between transactions the server sends nothing unless it ended the
        // session (a restart, pg_terminate_backend): its last words and the
        // closed socket make it readable. Found here, before a transaction,
        // a new session is safe to open; libpqxx is not let to do it later.
        pollfd socket{conn_->sock(), POLLIN, 0};
        return socket.fd >= 0 && ::poll(&socket, 1, 0) == 0;
    }
    void reconnect() override {
        conn_.reset();
        pending_.clear();
        committing_.clear();
        in_transaction_ = began_ = false;
        connect();
    }

    pqxx::connection& raw() {
        if (!conn_) throw DatabaseUnavailable("not connected to the database at " + redacted_);
        return *conn_;
    }
    void mark_broken() { broken_ = true; }
    const std::string& redacted() const { return redacted_; }
    std::string next_name() { return "ib" + std::to_string(++statements_); }

  private:
    void connect() {
        broken_ = true;
        conn_ = open_session(target_, redacted_);
        // One statement or one idle transaction never holds locks for ever,
        // and a backend notices a client gone within a second.
        pqxx::nontransaction tx(*conn_);
        tx.exec("SET idle_in_transaction_session_timeout = '60s'; SET lock_timeout = '" +
                std::to_string(std::max<long long>(lock_wait_.count(), 1)) +  // 0: no limit
                "ms'; SET client_connection_check_interval = '1s'; SET client_min_messages = "
                "warning" +
                (async_commit_ ? "; SET synchronous_commit = off" : ""));
        broken_ = false;
    }

    // One simple query (it may hold several statements): one round trip.
    // The answer is the last statement's.
    pqxx::result run_text(const std::string& text);
    // What waits: a transaction committed with the next statement, then the
    // open transaction's BEGIN if it has not gone yet. That BEGIN counts as
    // gone from here on: if the text fails half-way, the server's
    // transaction is open and the ROLLBACK that follows must reach it.
    std::string take() {
        std::string text = std::move(committing_);
        committing_.clear();
        if (in_transaction_ && !began_) text += begin_ + ";\n";
        text += pending_;
        pending_.clear();
        if (in_transaction_) began_ = true;
        return text;
    }

    std::string target_;
    std::string redacted_;
    bool async_commit_;
    std::chrono::milliseconds lock_wait_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = true;
    long statements_ = 0;
    std::string begin_;
    std::string pending_;          // statements not sent yet, each ending in ";\n"
    std::string committing_;       // a transaction ended by commit_with_next, not sent yet
    bool in_transaction_ = false;  // a BEGIN was asked for and not ended
    bool began_ = false;           // ... and reached the server
};

template <class F>
auto guarded(PgConnection& c, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const pqxx::broken_connection& e) {
        c.mark_broken();
        throw DatabaseUnavailable("lost the connection to the database at " + c.redacted() + ": " +
                                  std::string(e.what()));
    } catch (const pqxx::in_doubt_error& e) {
        c.mark_broken();
        throw DatabaseUnavailable("lost the connection to the database at " + c.redacted() +
                                  " during a commit: " + std::string(e.what()));
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == kLockNotAvailable) throw LockWaitTimeout(e.what());
        throw;
    }
}

pqxx::result PgConnection::run_text(const std::string& text) {
    return guarded(*this, [&] {
        pqxx::nontransaction tx(raw());
        return tx.exec(text);
    });
}

class PgStatement final : public Statement {
  public:
    PgStatement(PgConnection& conn, const char* sql) : conn_(conn), name_(conn.next_name()) {
        int count = 0;
        const std::string text = dialect::placeholders(Dialect::Postgres, sql, &count);
        params_.resize(static_cast<std::size_t>(count));
        guarded(conn_, [&] {
            conn_.raw().prepare(name_, text);
            return 0;
        });
    }

    void bind_int64(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_text(int index, std::string_view value) override { slot(index) = std::string(value); }
    void bind_null(int index) override { slot(index).reset(); }

    bool step() override {
        if (!result_) execute();
        if (next_ >= result_->size()) return false;
        row_ = next_++;
        return true;
    }
    int run() override {
        execute();
        return static_cast<int>(result_->affected_rows());
    }
    // Deferred as the text `EXECUTE name(values)`, its values quoted in
    // (libpq's escaping, for this connection's encoding and
    // standard_conforming_strings): a quoted literal takes the parameter's
    // type, and the server runs the plan it keeps for the statement instead
    // of parsing and planning the whole statement again at every send.
    void send() override {
        if (!conn_.in_transaction()) return void(run());
        conn_.defer(execute_text());
    }
    std::int64_t int64(int column) const override {
        const pqxx::field f = field(column);
        if (f.is_null()) return 0;
        const char* s = f.c_str();
        if (s[0] == 't' && s[1] == '\0') return 1;  // boolean expressions
        if (s[0] == 'f' && s[1] == '\0') return 0;
        std::int64_t v = 0;
        std::from_chars(s, s + f.size(), v);
        return v;
    }
    std::string text(int column) const override {
        const pqxx::field f = field(column);
        return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
    }
    bool is_null(int column) const override { return field(column).is_null(); }
    void reset() noexcept override {
        result_.reset();
        next_ = row_ = 0;
        for (auto& p : params_) p.reset();
    }

  private:
    std::optional<std::string>& slot(int index) {
        if (index < 1 || static_cast<std::size_t>(index) > params_.size())
            throw std::out_of_range("statement parameter ?" + std::to_string(index) +
                                    " does not exist");
        return params_[static_cast<std::size_t>(index - 1)];
    }
    pqxx::field field(int column) const {
        if (!result_ || row_ >= result_->size()) throw std::logic_error("no current row");
        return (*result_)[static_cast<pqxx::result::size_type>(row_)]
                         [static_cast<pqxx::row::size_type>(column)];
    }
    std::string execute_text() {
        if (!on_server_) {
            guarded(conn_, [&] {
                conn_.raw().prepare_now(name_);
                return 0;
            });
            on_server_ = true;
        }
        std::string out = "EXECUTE " + name_;
        for (std::size_t i = 0; i < params_.size(); ++i) {
            out += i == 0 ? "(" : ", ";
            out += params_[i] ? conn_.raw().quote(*params_[i]) : std::string("NULL");
        }
        if (!params_.empty()) out += ')';
        return out;
    }
    void execute() {
        next_ = row_ = 0;
        if (conn_.waiting()) {
            result_ = conn_.run_after_waiting(execute_text());
            return;
        }
        std::vector<const char*> values;
        values.reserve(params_.size());
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        result_ = guarded(conn_, [&] {
            pqxx::nontransaction tx(conn_.raw());
            return tx.exec_prepared(name_, pqxx::prepare::make_dynamic_params(values));
        });
    }

    PgConnection& conn_;
    std::string name_;
    std::vector<std::optional<std::string>> params_;
    bool on_server_ = false;  // prepared on the server (libpqxx prepares on first use)
    std::optional<pqxx::result> result_;
    std::size_t next_ = 0;
    std::size_t row_ = 0;
};

std::unique_ptr<Statement> PgConnection::prepare(const char* sql) {
    return std::make_unique<PgStatement>(*this, sql);
}

}  // namespace

std::unique_ptr<Connection> open(const std::string& target, bool async_commit,
                                 std::chrono::milliseconds lock_wait) {
    return std::make_unique<PgConnection>(target, async_commit, lock_wait);
}

}  // namespace storage::postgres
