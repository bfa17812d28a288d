#pragma once
// A message's fallback text and every string in its blocks, one per line:
// for assertions that look for words anywhere in what a person would read.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "emulator/slack_emulator.hpp"

namespace test {

std::string all_text(const emulator::Message& message);
// The same for an ack's or a response's payload (text and blocks); "" for none.
std::string payload_text(const std::optional<nlohmann::json>& payload);

bool contains(std::string_view haystack, std::string_view needle);
// How many times `needle` occurs in `haystack`, overlapping ones included.
std::size_t occurrences(std::string_view haystack, std::string_view needle);

}  // namespace test
