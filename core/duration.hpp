#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// "90s", "15m", "1h", "1h30m", "2d" -> seconds. Units must appear largest
// first, each at most once; a bare number or a zero total is refused.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// 900s -> "15m", 5400s -> "1h30m", 0 -> "0s".
std::string format_duration(std::chrono::seconds d);

}  // namespace core
