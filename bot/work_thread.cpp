#include "bot/work_thread.hpp"

#include <exception>
#include <future>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "core/threads.hpp"

namespace bot {

WorkThread::WorkThread(std::shared_ptr<spdlog::logger> logger, std::string name, Priority priority)
    : log_(std::move(logger)), name_(std::move(name)), priority_(priority) {}

WorkThread::~WorkThread() {
    stop();
}

void WorkThread::start() {
    if (thread_.joinable()) return;
    guard_.emplace(io_.get_executor());
    thread_ = std::thread([this] {
        if (priority_ == Priority::Lower)
            core::become_lower_priority_thread(name_.c_str());
        else
            core::name_this_thread(name_.c_str());
        try {
            io_.run();
        } catch (const std::exception& e) {
            // As on the loop: a handler that throws is a bug, and a bot
            // carrying on without this thread's work would look alive while
            // doing nothing. The process ends, and its restart resumes
            // everything from the database.
            log_->critical("{}: {}", name_, e.what());
            log_->flush();
            std::terminate();
        }
    });
}

void WorkThread::stop() {
    guard_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

void WorkThread::post_and_wait(std::function<void()> work) {
    std::promise<void> done;
    auto finished = done.get_future();
    boost::asio::post(io_, [&] {
        try {
            work();
            done.set_value();
        } catch (...) {
            done.set_exception(std::current_exception());
        }
    });
    finished.get();
}

}  // namespace bot
