#pragma once
// A message's fallback text and every string in its blocks, one per line:
// for assertions that look for words anywhere in what a person would read.
#include <string>

#include "emulator/slack_emulator.hpp"

namespace test {

std::string all_text(const emulator::Message& message);

}  // namespace test
