#pragma once
// What every fuzz target asserts with: a broken property aborts, so libFuzzer
// keeps the input that broke it.
#include <cstdlib>

namespace fuzz {

inline void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace fuzz
