#pragma once
// Case-insensitive matching of what people type (subcommands, severities,
// roles, user and channel names, URL schemes and hosts, incident ids): ASCII
// only, so the result never depends on the process's locale. And the whole
// numbers in it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
// All of `text` as a decimal number ("42", "-3"); nullopt for "", " 42",
// "4x" or one that does not fit.
std::optional<std::int64_t> whole_number(std::string_view text);

}  // namespace core
