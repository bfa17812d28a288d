#include "storage/checkpointer.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "core/threads.hpp"
#include "storage/busy_wait.hpp"

namespace storage {

Checkpointer::Checkpointer(std::string path, std::chrono::milliseconds period,
                           std::shared_ptr<spdlog::logger> logger)
    : path_(std::move(path)),
      period_(period),
      log_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("checkpointer")),
      thread_([this] { run(); }) {}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

std::uint64_t Checkpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

namespace {

// Runs one checkpoint; returns the log's size in frames as it found it
// (the second column of `PRAGMA wal_checkpoint`), -1 when not in WAL mode.
long checkpoint(SQLite::Database& db, const char* mode) {
    SQLite::Statement q(db, std::string("PRAGMA wal_checkpoint(") + mode + ")");
    if (!q.executeStep()) return -1;
    return q.getColumn(1).getInt64();
}

}  // namespace

void Checkpointer::run() {
    // Not lowered: a checkpoint starved of CPU lets the log grow, and every
    // commit and read on the loop then pays for a longer log.
    core::name_this_thread("checkpointer");
    try {
        BusyWait busy(kBusyTimeout);  // before db: outlives the connection
        SQLite::Database db(path_, SQLite::OPEN_READWRITE);
        busy.install(db.getHandle());
        for (bool last = false; !last;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, period_, [this] { return stopping_; });
                last = stopping_;
            }
            try {
                const bool restart = checkpoint(db, "PASSIVE") >= kRestartFrames;
                if (restart) {
                    // RESTART holds the writer off while it waits for
                    // readers of the old log (a dashboard page): give up
                    // after 10 ms rather than stall the loop's commits for
                    // longer (the next round tries again). At 100 ms, with
                    // four dashboard clients reading, the loop waited up to
                    // 33 ms for one RESTART (`perf trace` of its sleeps).
                    busy.set_timeout(kRestartWait);
                    checkpoint(db, "RESTART");
                    busy.set_timeout(kBusyTimeout);
                }
                std::lock_guard lock(mutex_);
                ++checkpoints_;
            } catch (const std::exception& e) {
                // The log keeps everything; the next round tries again.
                log_->warn("checkpoint of {} failed: {}", path_, e.what());
            }
        }
    } catch (const std::exception& e) {
        log_->error("checkpoints of {} stopped: {}", path_, e.what());
    }
}

}  // namespace storage
