#include "bot/logging.hpp"

#include <mutex>

#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "bot/json_log_format.hpp"
#include "core/threads.hpp"

namespace bot {

namespace {

bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Wraps a sink; every formatted line passes through scrub_tokens first.
class ScrubbingSink final : public spdlog::sinks::base_sink<std::mutex> {
  public:
    explicit ScrubbingSink(spdlog::sink_ptr inner) : inner_(std::move(inner)) {}

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string_view payload(msg.payload.data(), msg.payload.size());
        if (payload.find("xox") == std::string_view::npos &&
            payload.find("xapp-") == std::string_view::npos) {
            inner_->log(msg);
            return;
        }
        const std::string scrubbed = scrub_tokens(std::string(payload));
        spdlog::details::log_msg copy(msg);
        copy.payload = scrubbed;
        inner_->log(copy);
    }
    void flush_() override { inner_->flush(); }

  private:
    spdlog::sink_ptr inner_;
};

}  // namespace

std::string scrub_tokens(std::string text) {
    static constexpr std::string_view kPrefixes[] = {"xoxb-", "xoxp-", "xoxa-", "xoxe-",
                                                     "xoxs-", "xoxr-", "xapp-"};
    for (std::string_view prefix : kPrefixes) {
        std::size_t pos = 0;
        while ((pos = text.find(prefix, pos)) != std::string::npos) {
            std::size_t end = pos + prefix.size();
            while (end < text.size() && token_char(text[end])) ++end;
            text.replace(pos + prefix.size(), end - pos - prefix.size(), "****");
            pos += prefix.size() + 4;
        }
    }
    return text;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink,
                                            spdlog::level::level_enum level, bool background) {
    auto scrubbing = std::make_shared<ScrubbingSink>(std::move(sink));
    if (!background) {
        auto logger = std::make_shared<spdlog::logger>(name, std::move(scrubbing));
        logger->set_level(level);
        logger->flush_on(spdlog::level::warn);
        return logger;
    }
    // The async logger holds its thread pool weakly: both live in one
    // block, which the returned pointer keeps (aliasing constructor). The
    // logger goes first, then the pool, whose destructor writes what is
    // still queued and joins its thread.
    struct Background {
        std::shared_ptr<spdlog::details::thread_pool> pool;
        std::shared_ptr<spdlog::async_logger> logger;
    };
    auto both = std::make_shared<Background>();
    both->pool = std::make_shared<spdlog::details::thread_pool>(
        8192, 1, [] { core::name_this_thread("log"); });
    both->logger = std::make_shared<spdlog::async_logger>(name, std::move(scrubbing), both->pool,
                                                          spdlog::async_overflow_policy::block);
    both->logger->set_level(level);
    both->logger->flush_on(spdlog::level::warn);
    return std::shared_ptr<spdlog::logger>(both, both->logger.get());
}

std::shared_ptr<spdlog::logger> make_stderr_logger(spdlog::level::level_enum level, bool json,
                                                   bool background) {
    if (!json)
        return make_logger("incident-bot", std::make_shared<spdlog::sinks::stderr_color_sink_mt>(),
                           level, background);
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_formatter(make_json_log_formatter());
    return make_logger("incident-bot", std::move(sink), level, background);
}

}  // namespace bot
