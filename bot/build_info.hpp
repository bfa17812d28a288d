#pragma once
// Where this binary came from: the git commit it was built from, written by
// CMake at build time (cmake/git_commit.cmake); "unknown" outside a checkout.
#include <string_view>

namespace bot {

std::string_view git_commit();

}  // namespace bot
