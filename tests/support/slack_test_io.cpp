#include "tests/support/slack_test_io.hpp"

#include <mutex>

#include <spdlog/sinks/ostream_sink.h>

namespace test_support {

bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        if (io.stopped()) io.restart();
        io.run_one_for(std::chrono::milliseconds(5));
    }
    return true;
}

std::string CapturedLog::str() const {
    logger->flush();
    return text->str();
}

CapturedLog capture_log(const std::string& name) {
    auto text = std::make_shared<std::ostringstream>();
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*text);
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::trace);
    return CapturedLog{logger, text};
}

}  // namespace test_support
