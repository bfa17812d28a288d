// POSTs to a response_url, as hooks.slack.com answers them: valid 30 minutes
// and 5 uses; ephemeral by default, `in_channel` posts, `replace_original` and
// `delete_original` act on the message an action came from. Answers are plain
// text ("ok", or an error name with a 4xx status), like incoming webhooks'.
#include <algorithm>

#include "emulator/block_kit_rules.hpp"
#include "emulator/request_body.hpp"
#include "emulator/web_api.hpp"

namespace emulator {
namespace {

using nlohmann::json;

constexpr auto kResponseUrlValidity = std::chrono::minutes(30);
constexpr int kResponseUrlUses = 5;
constexpr std::size_t kMaxTextChars = 40000;

std::size_t chars(const std::string& utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

ResponseUrlAnswer post_to_response_url(Workspace& ws, const std::string& path, const json& body) {
    const auto it = ws.response_urls.find(path);
    if (it == ws.response_urls.end()) return {404, "no_service"};
    auto& grant = it->second;
    // "up to 5 times within 30 minutes"
    if (ws.now() - grant.issued > kResponseUrlValidity || grant.uses >= kResponseUrlUses)
        return {404, "expired_url"};
    if (!body.is_object()) return {400, "invalid_payload"};
    auto* c = ws.channel(grant.channel);
    if (!c) return {404, "channel_not_found"};
    const auto text = arg_string(body, "text");
    const bool delete_original = arg_bool(body, "delete_original");
    json blocks = body.value("blocks", json{});
    const bool has_blocks = blocks.is_array() && !blocks.empty();
    if (!delete_original && text.empty() && !has_blocks) return {400, "no_text"};
    if (chars(text) > kMaxTextChars) return {400, "msg_too_long"};
    if (has_blocks) {
        if (auto problem = check_blocks(blocks)) return {400, problem->error};
        fill_missing_ids(blocks, [&ws] { return ws.random_chars(5); });
    }
    ++grant.uses;
    const auto original = grant.message_ts;
    // An ephemeral the action came from: Slack lets its response_url replace
    // or delete it (chat.update cannot).
    const auto shown = std::find_if(ws.ephemerals.begin(), ws.ephemerals.end(), [&](auto& e) {
        return !original.empty() && e.ts == original && e.user == grant.user &&
               e.channel == c->channel.id;
    });
    if (shown != ws.ephemerals.end() && delete_original) {
        ws.ephemerals.erase(shown);
    } else if (shown != ws.ephemerals.end() && arg_bool(body, "replace_original")) {
        shown->text = text;
        shown->blocks = blocks;
    } else if (delete_original) {
        // A slash command's response_url has no original message to delete.
        if (!original.empty()) ws.remove_message(*c, original);
    } else if (arg_bool(body, "replace_original") && !original.empty()) {
        if (auto* m = ws.message(*c, original)) {
            m->message.text = text;
            m->message.blocks = blocks;
        }
    } else if (body.value("response_type", std::string{}) == "in_channel") {
        ws.post(*c, ws.bot().id, text, blocks, arg_string(body, "thread_ts"));
    } else {
        ws.ephemerals.push_back(
            Ephemeral{c->channel.id, grant.user, text, blocks, "response_url", ws.next_ts()});
    }
    return {};
}

}  // namespace emulator
