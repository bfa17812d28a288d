#include "storage/checkpointer.hpp"

#include <SQLiteCpp/Database.h>
#include <spdlog/spdlog.h>

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

void Checkpointer::run() {
    try {
        SQLite::Database db(path_, SQLite::OPEN_READWRITE, 5000);
        for (bool last = false; !last;) {
            {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, period_, [this] { return stopping_; });
                last = stopping_;
            }
            try {
                db.exec("PRAGMA wal_checkpoint(PASSIVE)");
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
