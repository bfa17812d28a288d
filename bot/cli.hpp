#pragma once
// Command-line flags of the incident-bot binary.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace bot {

struct CommandLine {
    bool sandbox = false;       // emulated Slack in-process, terminal prompt
    bool print_config = false;  // print the effective configuration (tokens redacted), exit
    bool help = false;
    bool version = false;
    bool check = false;  // preflight: check tokens, scopes, channels, database; exit
};

core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args);
std::string usage();

inline constexpr const char* kVersion = "0.1.0";

}  // namespace bot
