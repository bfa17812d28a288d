#include "storage/commit_barrier.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

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
    wal_path_ = db_path + "-wal";
    // Our own descriptor of the WAL: fdatasync applies to the file, whoever
    // wrote it. SQLite keeps its locks on the database and -shm files, so
    // holding (and finally closing) this one disturbs none of them.
    wal_fd_ = ::open(wal_path_.c_str(), O_RDWR | O_CLOEXEC);
    if (wal_fd_ < 0) {
        // Without the WAL we cannot promise durability through this path;
        // say so once and fall back to a full fsync of nothing (normal).
        log_->error("DB_SYNC=full: cannot open {}: {}; commits are not fsynced", wal_path_,
                    std::strerror(errno));
        mode_ = SyncMode::Normal;
        return;
    }
    ::fdatasync(wal_fd_);
    sync_directory_of(db_path);
    thread_ = std::thread([this] { run(); });
}

CommitBarrier::~CommitBarrier() {
    *alive_ = false;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (wal_fd_ >= 0) ::close(wal_fd_);
}

void CommitBarrier::after_commit(std::function<void()> done) {
    if (mode_ != SyncMode::Full) return done();
    if (owed_++ == 0) work_.emplace(io_.get_executor());
    {
        std::lock_guard lock(mutex_);
        waiting_.push_back(std::move(done));
    }
    wake_.notify_one();
}

CommitBarrierStats CommitBarrier::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void CommitBarrier::run() {
    for (;;) {
        std::vector<std::function<void()>> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
            if (stopping_) return;
            batch.swap(waiting_);
        }
        // Everything in `batch` committed before it was queued, so before
        // this call: one fdatasync covers them all. Commits that arrive while
        // it runs wait for the next one.
        const auto start = std::chrono::steady_clock::now();
        const int rc = ::fdatasync(wal_fd_);
        const int error = rc == 0 ? 0 : errno;
        if (observer_) observer_(std::chrono::steady_clock::now() - start, batch.size());
        {
            std::lock_guard lock(mutex_);
            ++stats_.syncs;
            stats_.waiters += batch.size();
            if (rc != 0) ++stats_.failures;
        }
        if (rc != 0)
            // The commit is in the file; only its survival of a power cut is
            // in doubt. Holding the ack back would fail the user's command
            // for a change that did happen.
            log_->error(
                "fdatasync of {} failed: {}; {} acknowledged change(s) may not survive "
                "a power cut",
                wal_path_, std::strerror(error), batch.size());
        boost::asio::post(io_, [this, alive = alive_, batch = std::move(batch)] {
            if (!*alive) return;
            owed_ -= batch.size();
            if (owed_ == 0) work_.reset();
            for (const auto& done : batch) done();
        });
    }
}

}  // namespace storage
