#pragma once
// Makes committed transactions durable before anyone is told about them.
//
// The bot's connection commits without waiting for the disk: SQLite with
// synchronous=NORMAL (a commit is one write() to the WAL, tens of
// microseconds on the loop), PostgreSQL with synchronous_commit=off (the
// server answers before it flushes its WAL). Either survives a crash of the
// bot (kill -9); neither survives by itself an OS crash or power cut of the
// database's host. With DB_SYNC=full every acknowledgement waits for a sync
// that began after its commit, run on a thread of its own (SQLite's I/O has
// no async form; PostgreSQL's flush is a statement on a second connection),
// and one sync covers every commit made while the previous one ran: group
// commit, so a burst of envelopes costs a few syncs, not one each.
//   SQLite:     fdatasync of the WAL. Recovery needs nothing else: the WAL
//               frames are checksummed, and SQLite syncs the WAL before
//               every checkpoint copies it into the database file.
//   PostgreSQL: a transaction on the second connection that writes one row
//               and commits with synchronous_commit on; its commit record
//               comes after every commit before it in the one WAL, and the
//               server flushes the WAL up to it (storage/postgres/wal_flush).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <spdlog/logger.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/result.hpp"

namespace storage {

enum class SyncMode {
    Full,    // fsync before every acknowledgement: survives power loss
    Normal,  // no fsync: survives a process crash, not an OS crash or power cut
};
std::string_view to_string(SyncMode mode);  // "full", "normal"
core::Result<SyncMode> parse_sync_mode(std::string_view text);

struct CommitBarrierStats {
    std::uint64_t syncs = 0;     // syncs made
    std::uint64_t waiters = 0;   // after_commit calls they covered
    std::uint64_t failures = 0;  // syncs that failed (acks sent or dropped, as SyncOutcome says)
};

// What one sync found.
enum class SyncOutcome {
    Durable,      // every commit before the sync began is on stable storage
    Unconfirmed,  // the commits are in the database but the sync failed (SQLite's
                  // fdatasync): acknowledged, with an error logged, since holding
                  // the ack back would fail a command whose change did happen
    InDoubt,      // the commits may be gone (PostgreSQL: the flush's session began
                  // after them, so a crash in between cannot be ruled out, or the
                  // server stayed unreachable): each after_commit's `in_doubt`
                  // runs instead of `done`, telling the person, and an error is logged
};
struct SyncResult {
    SyncOutcome outcome = SyncOutcome::Durable;
    std::string error;  // why, when not Durable (no secrets: it is logged)
};

// What DB_SYNC=full runs, on the barrier's own thread.
class Durability {
  public:
    using Time = std::chrono::steady_clock::time_point;
    virtual ~Durability() = default;
    // Makes durable every commit made before the call. The first of them
    // was queued (after_commit) at `first_queued`. May retry until `stop`.
    virtual SyncResult sync(Time first_queued, std::stop_token stop) = 0;
    // Called about every 100 ms while no commit waits (keep a connection).
    virtual void idle(std::stop_token) {}
    // Names what is synced, for the log ("the PostgreSQL WAL").
    virtual std::string what() const = 0;
};

// A sync slow enough that a person would notice the acks waiting behind it
// (a stalling disk, a busy database server): the first is logged at once,
// then at most one line a minute, which counts the slow syncs in between.
// Slack gives an ack 3 s; the log says where the time went.
class SlowSyncs {
  public:
    using Time = std::chrono::steady_clock::time_point;
    static constexpr std::chrono::milliseconds kSlow{100};
    static constexpr std::chrono::seconds kEvery{60};
    // The line to log for a sync of `what` that took `took` and covered
    // `commits`; nullopt when it was not slow or a line came less than
    // kEvery ago.
    std::optional<std::string> record(std::string_view what, std::chrono::nanoseconds took,
                                      std::size_t commits, Time now);

  private:
    std::optional<Time> last_line_;
    std::size_t held_ = 0;  // slow syncs since the last line, not logged
    std::chrono::nanoseconds slowest_held_{};
};

// Told of every sync, on the barrier's own thread: how long it took and how
// many commits it covered (the metrics' sync histogram).
using SyncObserver = std::function<void(std::chrono::nanoseconds took, std::size_t commits)>;

class CommitBarrier {
  public:
    // `db_path` is the database file (its `-wal` sibling must exist: open
    // the storage::Database first); ":memory:" or SyncMode::Normal sync
    // nothing. Callbacks run on `io`.
    CommitBarrier(boost::asio::io_context& io, const std::string& db_path, SyncMode mode,
                  std::shared_ptr<spdlog::logger> logger, SyncObserver observer = {});
    // Any engine: `durability` is what DB_SYNC=full runs (see the top of this file).
    CommitBarrier(boost::asio::io_context& io, std::unique_ptr<Durability> durability,
                  std::shared_ptr<spdlog::logger> logger, SyncObserver observer = {});
    ~CommitBarrier();  // waits for a running sync; callbacks still owed are dropped
    CommitBarrier(const CommitBarrier&) = delete;
    CommitBarrier& operator=(const CommitBarrier&) = delete;

    // Runs `done` once every transaction committed before this call is on
    // stable storage: at once (before returning, on the caller's thread)
    // when nothing needs syncing, else from the io_context after the next
    // sync. Any thread may call it (with PostgreSQL, the command lanes do:
    // bot/command_lanes.hpp), on any connection to the one database. When that sync leaves
    // the commit in doubt (SyncOutcome::InDoubt), `in_doubt` runs instead.
    void after_commit(std::function<void()> done, std::function<void()> in_doubt = {});

    SyncMode mode() const { return mode_; }
    CommitBarrierStats stats() const;

  private:
    void run(std::stop_token stop);

    boost::asio::io_context& io_;
    SyncMode mode_;
    std::shared_ptr<spdlog::logger> log_;
    SyncObserver observer_;
    std::unique_ptr<Durability> durability_;
    mutable std::mutex mutex_;
    std::condition_variable_any wake_;
    struct Owed {
        std::function<void()> done;
        std::function<void()> in_doubt;
    };
    std::vector<Owed> waiting_;
    Durability::Time first_queued_{};  // when the first of waiting_ came
    CommitBarrierStats stats_;
    SlowSyncs slow_;  // the barrier's thread only
    // Acks still owed keep the io_context's run() from returning as if idle
    // while the fsync runs (under mutex_).
    std::size_t owed_ = 0;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::jthread thread_;  // last: started once everything above is ready
};

}  // namespace storage
