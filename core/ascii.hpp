#pragma once
// Case-insensitive matching of what people type (subcommands, severities,
// roles, user and channel names, URL schemes and hosts): ASCII only, so the
// result never depends on the process's locale.
#include <string>
#include <string_view>

namespace core {

std::string ascii_lower(std::string_view text);

}  // namespace core
