#pragma once
// An io_context run by a thread of its own, named, until stop() or the end
// of its life. Handlers posted after stop() never run; they are destroyed
// with the io_context.
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "core/threads.hpp"

namespace core {

class LoopThread {
  public:
    explicit LoopThread(std::string name = {})
        : work_(io.get_executor()), thread_([this, name = std::move(name)] {
              if (!name.empty()) name_this_thread(name.c_str());
              io.run();
          }) {}
    ~LoopThread() { stop(); }
    LoopThread(const LoopThread&) = delete;
    LoopThread& operator=(const LoopThread&) = delete;

    // Stops the loop and waits for its thread; from any thread but its own.
    void stop() {
        work_.reset();
        io.stop();
        if (thread_.joinable()) thread_.join();
    }

    boost::asio::io_context io;

  private:
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace core
