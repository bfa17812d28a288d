#pragma once
// Copies the write-ahead log back into the database file, on a thread and a
// connection of its own. SQLite would otherwise do it inside whichever commit
// crosses 1,000 log pages, and a checkpoint ends in an fsync that takes
// milliseconds: that commit is a command's, on the loop that acks envelopes
// (bench/transport_bench showed it as the p99). SQLite's I/O has no async
// form, so this is the one place a thread earns its keep. A PASSIVE
// checkpoint never blocks the writer, and durability does not depend on it:
// a committed transaction is in the log either way.
//
// PASSIVE alone is not enough under a steady stream of commits: SQLite
// starts the log from its beginning again only when a writer finds every
// frame already copied back, which never happens while commits keep coming,
// so the log grew without bound (290 MB beside a 3 MB database in one
// transport_bench run). Every commit then appended to the file (new blocks,
// ext4 journal and writeback work: the loop's pwrite of the log stalled for
// milliseconds, hundreds of times a run) and every read searched a longer
// log index. So once the log holds kRestartFrames, a RESTART checkpoint
// follows the PASSIVE one: it copies only what was committed in between,
// holds the writer off for that and its fsync, and the next commit starts
// the log from its beginning, reusing the same blocks.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/logger.h>

namespace storage {

class Checkpointer {
  public:
    // 4 MiB of 4 KiB pages: the size at which SQLite itself would checkpoint.
    static constexpr long kRestartFrames = 1000;
    // How long a checkpoint waits for a lock, except a RESTART's wait for
    // readers while it holds the writer off.
    static constexpr std::chrono::milliseconds kBusyTimeout{5000};
    static constexpr std::chrono::milliseconds kRestartWait{10};

    // `path` must be a file database in WAL mode whose own connections were
    // opened with DatabaseOptions::auto_checkpoint off.
    Checkpointer(std::string path, std::chrono::milliseconds period,
                 std::shared_ptr<spdlog::logger> logger);
    // Stops the thread after one last checkpoint.
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    std::uint64_t checkpoints() const;

  private:
    void run();

    std::string path_;
    std::chrono::milliseconds period_;
    std::shared_ptr<spdlog::logger> log_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::uint64_t checkpoints_ = 0;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace storage
