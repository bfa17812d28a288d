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
// follows: a second PASSIVE one first copies what was committed meanwhile,
// then the RESTART copies only what came in the moment between (mostly
// nothing), holding the writer off for that and its fsync, and the next
// commit starts the log from its beginning, reusing the same blocks. Before
// it, the readers of this process step aside (storage/read_gate.hpp), so the
// restart never holds the writer off waiting for a page to finish reading.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include "storage/read_gate.hpp"

namespace storage {

class Checkpointer {
  public:
    // 4 MiB of 4 KiB pages: the size at which SQLite itself would checkpoint.
    static constexpr long kRestartFrames = 1000;
    // How long a checkpoint waits for a lock, except a RESTART's wait for
    // readers while it holds the writer off.
    static constexpr std::chrono::milliseconds kBusyTimeout{5000};
    static constexpr std::chrono::milliseconds kRestartWait{10};
    // How long a restart waits for the readers inside `readers` to leave
    // (new ones wait meanwhile); when one is still reading, the restart is
    // left to the next round.
    static constexpr std::chrono::milliseconds kReadersDrain{500};

    // `path` must be a file database in WAL mode whose own connections were
    // opened with DatabaseOptions::auto_checkpoint off. `readers`: the gate
    // this process's long readers pass (none: a restart waits for them at
    // most kRestartWait, holding the writer off meanwhile).
    Checkpointer(std::string path, std::chrono::milliseconds period,
                 std::shared_ptr<spdlog::logger> logger,
                 std::shared_ptr<ReadGate> readers = nullptr);
    // Stops the thread after one last checkpoint.
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    std::uint64_t checkpoints() const;
    // Restarts of the log that ran (whether or not a reader outside the
    // gate then made them give up).
    std::uint64_t restarts() const;

  private:
    void run();

    std::string path_;
    std::chrono::milliseconds period_;
    std::shared_ptr<spdlog::logger> log_;
    std::shared_ptr<ReadGate> readers_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::uint64_t checkpoints_ = 0;
    std::uint64_t restarts_ = 0;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace storage
