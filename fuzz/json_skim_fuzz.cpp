// libFuzzer target: any bytes as JSON read by slack::parse_without, which
// skips a member as text (a Web API answer's echoed `message`, and a member
// further down); whatever a full parse makes of the same bytes, less that
// member, it must make too. It may also accept
// text whose skipped member alone is damaged, since that member is not read.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/require.hpp"
#include "slack/json_skim.hpp"

using fuzz::require;
using nlohmann::json;

namespace {

void check(std::string_view text, std::initializer_list<std::string_view> path) {
    const auto skimmed = slack::parse_without(text, path);
    auto full = json::parse(text, nullptr, false);
    if (full.is_discarded()) {
        require(skimmed.is_discarded() || skimmed.is_object());
        return;
    }
    json* at = &full;
    for (auto key = path.begin(); key != path.end() && at->is_object(); ++key) {
        const auto found = at->find(std::string(*key));
        if (found == at->end()) break;
        if (key + 1 == path.end())
            at->erase(found);
        else
            at = &*found;
    }
    require(skimmed == full);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check(text, {"message"});
    check(text, {"payload", "message", "blocks"});
    return 0;
}
