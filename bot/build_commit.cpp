// Linked into the incident-bot executable only (see bot/build_info.cpp).
#include "bot/build_info.hpp"
#include "ib_git_commit.hpp"

namespace bot {

std::string_view git_commit() {
    return IB_GIT_COMMIT;
}

}  // namespace bot
