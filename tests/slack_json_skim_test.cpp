#include <doctest/doctest.h>

#include "slack/json_skim.hpp"

using nlohmann::json;

namespace {

// What a full parse gives, less the member at `path`.
json expected(std::string_view text, const std::vector<std::string>& path) {
    auto all = json::parse(text, nullptr, false);
    json* at = &all;
    for (std::size_t i = 0; i < path.size() && at->is_object() && at->contains(path[i]); ++i) {
        if (i + 1 == path.size())
            at->erase(path[i]);
        else
            at = &(*at)[path[i]];
    }
    return all;
}

}  // namespace

TEST_CASE("an answer reads as a full parse would, less the message Slack echoes") {
    for (
        const std::string_view text : {
            R"({"ok":true,"channel":"C1","ts":"1.000100","message":{"text":"hi"}})",
            R"({"message":{"blocks":[{"type":"section","text":{"text":"} ] { [ \" \\"}}]},"ok":true})",
            R"( { "channel" : "C1" , "message" : [ 1, [2, {"a": "]"}] ] , "ts" : "1.2" } )",
            "{\n\t\"ok\": true,\r\n\"message\": \"echo, \\\"quoted\\\"\",\n\"ts\":\"3\"\n}",
            R"({"ok":true,"message":12.5e3,"ts":"4"})",
            R"({"ok":true,"message":null})",
            R"({"message":{"a":1},"ok":true,"message":{"b":2}})",
            R"({"ok":true,"channel":{"id":"C1","message":{"kept":true}},"messages":[{"ts":"1"}]})",
            R"({"ok":false,"error":"channel_not_found"})",
            R"({})",
            R"([{"message":1}])",
            R"("message")",
        }) {
        CAPTURE(text);
        const auto answer = slack::parse_answer(text);
        CHECK(answer == expected(text, {"message"}));
        if (answer.is_object()) CHECK_FALSE(answer.contains("message"));
    }
}

TEST_CASE("an answer that is not JSON is discarded, echo or not") {
    for (const std::string_view text : {
             "",
             "ok",
             R"({"ok":true,"message":{"text":"unterminated)",
             R"({"ok":true,"message":{"a":[1,2}})",
             R"({"ok":true,"message":{"a":1}},)",
             R"({"ok":true,"message":{"a":1} "ts":"1"})",
             R"({"ok":true "message":{}})",
             R"({"ok":tru,"message":{}})",
             R"({"message":{}})"
             "x",
         }) {
        CAPTURE(text);
        CHECK(slack::parse_answer(text).is_discarded());
    }
}

TEST_CASE("a member further down is skipped the same way and its neighbours kept") {
    const std::vector<std::string> path{"payload", "message", "blocks"};
    for (
        const std::string_view text : {
            R"({"envelope_id":"e","payload":{"type":"block_actions","message":{"ts":"1.2",)"
            R"("blocks":[{"type":"actions","elements":[{"value":"}\"{"}]}],"text":"t"},)"
            R"("actions":[{"action_id":"a"}]},"type":"interactive"})",
            R"({"payload":{"message":{"ts":"1.2"}}})",
            R"({"payload":{"message":"not an object","blocks":[]}})",
            R"({"payload":[{"message":{"blocks":1}}]})",
            R"({"blocks":[],"payload":{"blocks":[],"message":{"blocks":[1]}}})",
            R"({"payload":{"message":{"blocks":[1]}},"payload":{"message":{"blocks":[2],"ts":"3"}}})",
        }) {
        CAPTURE(text);
        CHECK(slack::parse_without(text, {"payload", "message", "blocks"}) == expected(text, path));
    }
    CHECK(slack::parse_without(R"({"payload":{"message":{"blocks":[}}})",
                               {"payload", "message", "blocks"})
              .is_discarded());
}
