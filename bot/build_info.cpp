#include "bot/build_info.hpp"

namespace bot {

// Weak: the incident-bot executable links bot/build_commit.cpp, which holds
// the commit CMake wrote at build time. Tests and benchmarks keep this one,
// so that a new commit relinks one executable, not all of them.
__attribute__((weak)) std::string_view git_commit() {
    return "unknown";
}

}  // namespace bot
