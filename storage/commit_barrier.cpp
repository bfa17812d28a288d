#include "storage/commit_barrier.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "core/threads.hpp"

namespace storage {
namespace {

// A new file survives a power cut only once its directory entry is synced too.
void sync_directory_of(const std::string& path) {
    auto dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::string_view to_string(SyncMode mode) {
    return mode == SyncMode::Full ? "full" : "normal";
}

core::Result<SyncMode> parse_sync_mode(std::string_view text) {
    if (text == "full") return SyncMode::Full;
    if (text == "normal") return SyncMode::Normal;
    return core::make_error("bad_sync_mode", "must be full or normal");
}

// SQLite: an fdatasync of the WAL through a descriptor of our own.
// fdatasync applies to the file, whoever wrote it; SQLite keeps its locks
// on the database and -shm files, so holding (and finally closing) this one
// disturbs none of them.
class WalFileSync final : public Durability {
  public:
    WalFileSync(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
    ~WalFileSync() override { ::close(fd_); }
    SyncResult sync(Time, std::stop_token) override {
        if (::fdatasync(fd_) == 0) return {};
        return {SyncOutcome::Unconfirmed, std::string("fdatasync failed: ") + std::strerror(errno)};
    }
    std::string what() const override { return path_; }

  private:
    int fd_;
    std::string path_;
};

std::optional<std::string> SlowSyncs::record(std::string_view what, std::chrono::nanoseconds took,
                                             std::size_t commits, Time now) {
    if (took < kSlow) return std::nullopt;
    if (last_line_ && now - *last_line_ < kEvery) {
        ++held_;
        slowest_held_ = std::max(slowest_held_, took);
        return std::nullopt;
    }
    const auto ms = [](std::chrono::nanoseconds d) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    std::string line = "DB_SYNC=full: syncing " + std::string(what) + " took " +
                       std::to_string(ms(took)) + " ms, and " + std::to_string(commits) +
                       " acknowledgement(s) waited for it";
    if (held_ > 0)
        line += "; " + std::to_string(held_) + " more sync(s) over " +
                std::to_string(kSlow.count()) + " ms since the last such line, the slowest " +
                std::to_string(ms(slowest_held_)) + " ms";
    last_line_ = now;
    held_ = 0;
    slowest_held_ = {};
    return line;
}

CommitBarrier::CommitBarrier(boost::asio::io_context& io, const std::string& db_path, SyncMode mode,
                             std::shared_ptr<spdlog::logger> logger, SyncObserver observer)
    : io_(io),
      mode_(mode),
      log_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("commit_barrier")),
      observer_(std::move(observer)) {
    if (mode_ != SyncMode::Full || db_path.empty() || db_path == ":memory:") {
        mode_ = SyncMode::Normal;
        return;
    }
    const std::string wal_path = db_path + "-wal";
    const int fd = ::open(wal_path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        // Without the WAL we cannot promise durability through this path;
        // say so once and fall back to a full fsync of nothing (normal).
        log_->error("DB_SYNC=full: cannot open {}: {}; commits are not fsynced", wal_path,
                    std::strerror(errno));
        mode_ = SyncMode::Normal;
        return;
    }
    ::fdatasync(fd);
    sync_directory_of(db_path);
    durability_ = std::make_unique<WalFileSync>(fd, wal_path);
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

CommitBarrier::CommitBarrier(boost::asio::io_context& io, std::unique_ptr<Durability> durability,
                             std::shared_ptr<spdlog::logger> logger, SyncObserver observer)
    : io_(io),
      mode_(SyncMode::Full),
      log_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("commit_barrier")),
      observer_(std::move(observer)),
      durability_(std::move(durability)) {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

CommitBarrier::~CommitBarrier() {
    *alive_ = false;
    if (thread_.joinable()) {
        thread_.request_stop();  // wakes the wait below and any sync retrying
        thread_.join();
    }
}

void CommitBarrier::after_commit(std::function<void()> done, std::function<void()> in_doubt) {
    if (mode_ != SyncMode::Full) return done();
    {
        std::lock_guard lock(mutex_);
        if (owed_++ == 0) work_.emplace(io_.get_executor());
        if (waiting_.empty()) first_queued_ = std::chrono::steady_clock::now();
        waiting_.push_back({std::move(done), std::move(in_doubt)});
    }
    wake_.notify_one();
}

CommitBarrierStats CommitBarrier::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void CommitBarrier::run(std::stop_token stop) {
    // Not lowered: every ack under DB_SYNC=full waits for this thread's sync.
    core::name_this_thread("commit-sync");
    for (;;) {
        std::vector<Owed> batch;
        Durability::Time first_queued;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait_for(lock, stop, std::chrono::milliseconds(100),
                                [this] { return !waiting_.empty(); })) {
                if (stop.stop_requested()) return;
                lock.unlock();
                durability_->idle(stop);
                continue;
            }
            batch.swap(waiting_);
            first_queued = first_queued_;
        }
        // Everything in `batch` committed before it was queued, so before
        // this sync began: one sync covers them all. Commits that arrive
        // while it runs wait for the next one.
        const auto start = std::chrono::steady_clock::now();
        const SyncResult result = durability_->sync(first_queued, stop);
        if (stop.stop_requested()) return;
        const auto end = std::chrono::steady_clock::now();
        if (observer_) observer_(end - start, batch.size());
        // A failed sync says why below; a slow one that worked says so here.
        if (result.outcome == SyncOutcome::Durable)
            if (auto line = slow_.record(durability_->what(), end - start, batch.size(), end))
                log_->warn("{}", *line);
        {
            std::lock_guard lock(mutex_);
            ++stats_.syncs;
            stats_.waiters += batch.size();
            if (result.outcome != SyncOutcome::Durable) ++stats_.failures;
        }
        const bool acknowledge = result.outcome != SyncOutcome::InDoubt;
        if (result.outcome == SyncOutcome::Unconfirmed)
            log_->error("{} syncing {}; {} acknowledged change(s) may not survive a power cut",
                        result.error, durability_->what(), batch.size());
        else if (result.outcome == SyncOutcome::InDoubt)
            log_->error(
                "{} syncing {}; {} change(s) may be lost: their senders are told so, not that "
                "they were saved",
                result.error, durability_->what(), batch.size());
        boost::asio::post(io_, [this, acknowledge, alive = alive_, batch = std::move(batch)] {
            if (!*alive) return;
            {
                std::lock_guard lock(mutex_);
                owed_ -= batch.size();
                if (owed_ == 0) work_.reset();
            }
            for (const auto& owed : batch) {
                if (acknowledge)
                    owed.done();
                else if (owed.in_doubt)
                    owed.in_doubt();
            }
        });
    }
}

}  // namespace storage
