#pragma once
// Copies the write-ahead log back into the database file, on a thread and a
// connection of its own. SQLite would otherwise do it inside whichever commit
// crosses 1,000 log pages, and a checkpoint ends in an fsync that takes
// milliseconds: that commit is a command's, on the loop that acks envelopes
// (bench/transport_bench showed it as the p99). SQLite's I/O has no async
// form, so this is the one place a thread earns its keep. A PASSIVE
// checkpoint never blocks the writer, and durability does not depend on it:
// a committed transaction is in the log either way.
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
