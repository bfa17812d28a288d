#pragma once
// Helpers for the transport tests: drive an io_context until something
// happens (no sleeps), and a logger whose output the test can read.
#include <chrono>
#include <functional>
#include <memory>
#include <sstream>
#include <string>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>

namespace test_support {

// Runs io on this thread until pred() holds or timeout passes; returns pred().
bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

struct CapturedLog {
    std::shared_ptr<spdlog::logger> logger;
    std::shared_ptr<std::ostringstream> text;
    std::string str() const;
};

CapturedLog capture_log(const std::string& name = "test");

}  // namespace test_support
