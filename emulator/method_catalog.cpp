#include "emulator/method_catalog.hpp"

namespace emulator {
namespace {

// Tiers from each method's reference page (docs.slack.dev/reference/methods/…).
constexpr MethodSpec kMethodSpecs[] = {
    // apps.connections.open: Tier 1 on its reference page.
    {"apps.connections.open", true, RateTier::Tier1},
    // auth.test: "allows hundreds of requests per minute".
    {"auth.test", true, RateTier::AuthTest},
    // chat.getPermalink: "hundreds of requests per minute", as auth.test.
    {"chat.getPermalink", false, RateTier::AuthTest},
    {"chat.postEphemeral", true, RateTier::Tier4},
    {"chat.postMessage", true, RateTier::PostMessage},
    {"chat.update", true, RateTier::Tier3},
    {"conversations.archive", true, RateTier::Tier2},
    {"conversations.create", true, RateTier::Tier2},
    {"conversations.history", true, RateTier::Tier3},
    {"conversations.info", false, RateTier::Tier3},
    {"conversations.invite", true, RateTier::Tier3},
    {"conversations.join", true, RateTier::Tier3},
    {"conversations.list", false, RateTier::Tier2},
    {"conversations.members", false, RateTier::Tier4},
    {"conversations.replies", false, RateTier::Tier3},
    {"conversations.setPurpose", true, RateTier::Tier2},
    {"conversations.setTopic", true, RateTier::Tier2},
    // files.getUploadURLExternal reads form arguments only (a JSON body is
    // answered invalid_arguments, as reported from the field; both SDKs send a form).
    {"files.completeUploadExternal", true, RateTier::Tier4},
    {"files.getUploadURLExternal", false, RateTier::Tier4},
    {"pins.add", true, RateTier::Tier2},
    {"pins.list", false, RateTier::Tier2},
    {"users.info", false, RateTier::Tier4},
    {"users.list", false, RateTier::Tier2},
    {"usergroups.list", false, RateTier::Tier2},
    {"views.open", true, RateTier::Tier4},
};

}  // namespace

const MethodSpec* find_method(std::string_view name) {
    for (const auto& spec : kMethodSpecs)
        if (spec.name == name) return &spec;
    return nullptr;
}

}  // namespace emulator
