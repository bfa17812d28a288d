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

// `background`: lines are formatted and written by a thread of the
// logger's own, so a log line never holds up the loop (a console sink
// writes and flushes every line: a syscall, and a wait whenever the pipe to
// journald or a terminal is full). A full queue (8,192 lines) makes the
// caller wait rather than lose lines; the lines still queued are written
// when the last copy of the logger goes. A crash (kill -9) may lose the
// last few, which the synchronous logger would have written.
std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink,
                                            spdlog::level::level_enum level,
                                            bool background = false);
// stderr, coloured when it is a terminal; `json`: one JSON object per line
// (bot/json_log_format.hpp) and no colours.
std::shared_ptr<spdlog::logger> make_stderr_logger(spdlog::level::level_enum level,
                                                   bool json = false, bool background = false);

}  // namespace bot
