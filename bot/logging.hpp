#pragma once
// The bot's logger: passed to every component that logs, never looked up
// globally. Its sink scrubs anything shaped like a Slack token, a second line
// of defence behind "never log a token".
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

namespace bot {

// Replaces every `xox?-…` / `xapp-…` token in `text` with its prefix and `****`.
std::string scrub_tokens(std::string text);

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink,
                                            spdlog::level::level_enum level);
// stderr, coloured when it is a terminal; `json`: one JSON object per line
// (bot/json_log_format.hpp) and no colours.
std::shared_ptr<spdlog::logger> make_stderr_logger(spdlog::level::level_enum level,
                                                   bool json = false);

}  // namespace bot
