#include "bot/slack_work_thread.hpp"

#include <exception>
#include <future>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "core/threads.hpp"

namespace bot {

SlackWorkThread::SlackWorkThread(std::shared_ptr<spdlog::logger> logger)
    : log_(std::move(logger)) {}

SlackWorkThread::~SlackWorkThread() {
    stop();
}

void SlackWorkThread::start() {
    if (thread_.joinable()) return;
    guard_.emplace(io_.get_executor());
    thread_ = std::thread([this] {
        core::become_lower_priority_thread(kName);
        try {
            io_.run();
        } catch (const std::exception& e) {
            // As on the loop: a handler that throws is a bug, and a bot
            // carrying on without its Slack work would look alive while
            // doing nothing. The process ends, and its restart resumes
            // everything from the database.
            log_->critical("{}: {}", kName, e.what());
            log_->flush();
            std::terminate();
        }
    });
}

void SlackWorkThread::stop() {
    guard_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
}

void SlackWorkThread::post_and_wait(std::function<void()> work) {
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
