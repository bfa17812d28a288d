#pragma once
// LOG_FORMAT=json: one JSON object per line for Loki or Elasticsearch, with
// the time (RFC 3339, UTC, milliseconds), level and message, and the
// incident key (INC-YYYY-NNN) and Socket Mode envelope id when the message
// names them, as fields of their own.
#include <memory>

#include <spdlog/formatter.h>

namespace bot {

std::unique_ptr<spdlog::formatter> make_json_log_formatter();

}  // namespace bot
