#include "storage/checkpointer.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "core/threads.hpp"
#include "storage/busy_wait.hpp"

namespace storage {

Checkpointer::Checkpointer(std::string path, std::chrono::milliseconds period,
                           std::shared_ptr<spdlog::logger> logger,
                           std::shared_ptr<ReadGate> readers)
    : path_(std::move(path)),
      period_(period),
      log_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("checkpointer")),
      readers_(readers ? std::move(readers) : std::make_shared<ReadGate>()),
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

std::uint64_t Checkpointer::restarts() const {
    std::lock_guard lock(mutex_);
    return restarts_;
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
                bool restarted = false;
                if (checkpoint(db, "PASSIVE") >= kRestartFrames) {
                    // RESTART holds the writer off while it waits for
                    // readers of the old log. Those of this process step
                    // aside first, waited for without any lock held: with
                    // four dashboard clients reading, a third of the
                    // restarts used to hold the loop's commits off for
                    // their whole wait and then give up. Readers elsewhere
                    // (the CLI) are waited for 10 ms at most, not 100 ms:
                    // then the loop waited up to 33 ms for one RESTART
                    // (`perf trace` of its sleeps); the next round tries
                    // again.
                    const auto aside = readers_->close(kReadersDrain);
                    if (aside.drained()) {
                        // What came in meanwhile (during the first one's
                        // fsync and the wait for pages) is copied back
                        // without holding anyone off, so that the RESTART
                        // itself mostly has nothing left to copy and no
                        // fsync to hold the writer off for: 0.5 ms on
                        // average instead of 1.8 (bench/dashboard_bench).
                        checkpoint(db, "PASSIVE");
                        busy.set_timeout(kRestartWait);
                        checkpoint(db, "RESTART");
                        busy.set_timeout(kBusyTimeout);
                        restarted = true;
                    } else {
                        log_->debug("a page is still reading after {} ms: the log restarts later",
                                    kReadersDrain.count());
                    }
                }
                std::lock_guard lock(mutex_);
                ++checkpoints_;
                if (restarted) ++restarts_;
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
