#pragma once
// Makes committed transactions durable before anyone is told about them.
//
// The bot's connection commits with synchronous=NORMAL: a commit is one
// write() to the WAL, tens of microseconds on the loop, and survives a
// process crash (kill -9) but not an OS crash or power cut, which can drop
// what is still in the page cache. With DB_SYNC=full every acknowledgement
// waits for an fdatasync of the WAL that began after its commit. The fsync
// runs on a thread of its own (SQLite's I/O has no async form), and one
// fsync covers every commit made while the previous one ran: group commit,
// so a burst of envelopes costs a few fsyncs, not one each. Recovery needs
// nothing else: the WAL frames are checksummed, and SQLite syncs the WAL
// before every checkpoint copies it into the database file.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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
    std::uint64_t syncs = 0;     // fdatasync calls made
    std::uint64_t waiters = 0;   // after_commit calls they covered
    std::uint64_t failures = 0;  // fdatasync calls that failed
};

// Told of every fdatasync, on the barrier's own thread: how long it took
// and how many commits it covered (the metrics' sync histogram).
using SyncObserver = std::function<void(std::chrono::nanoseconds took, std::size_t commits)>;

class CommitBarrier {
  public:
    // `db_path` is the database file (its `-wal` sibling must exist: open
    // the storage::Database first); ":memory:" or SyncMode::Normal sync
    // nothing. Callbacks run on `io`.
    CommitBarrier(boost::asio::io_context& io, const std::string& db_path, SyncMode mode,
                  std::shared_ptr<spdlog::logger> logger, SyncObserver observer = {});
    ~CommitBarrier();  // waits for a running fsync; callbacks still owed are dropped
    CommitBarrier(const CommitBarrier&) = delete;
    CommitBarrier& operator=(const CommitBarrier&) = delete;

    // Runs `done` once every transaction committed before this call is on
    // stable storage: at once (before returning) when nothing needs syncing,
    // else from the io_context after the next fdatasync.
    void after_commit(std::function<void()> done);

    SyncMode mode() const { return mode_; }
    CommitBarrierStats stats() const;

  private:
    void run();

    boost::asio::io_context& io_;
    SyncMode mode_;
    std::shared_ptr<spdlog::logger> log_;
    SyncObserver observer_;
    int wal_fd_ = -1;
    std::string wal_path_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::function<void()>> waiting_;
    bool stopping_ = false;
    CommitBarrierStats stats_;
    // Acks still owed keep the io_context's run() from returning as if idle
    // while the fsync runs (loop thread only).
    std::size_t owed_ = 0;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::thread thread_;  // last: started once everything above is ready
};

}  // namespace storage
