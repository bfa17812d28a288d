#include <doctest/doctest.h>

#include <string>

#include "messages/action_ids.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/time_text.hpp"
#include "messages/utf8.hpp"

TEST_CASE("escaping makes user text literal so it never pings") {
    CHECK(messages::escape("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;");
    CHECK(messages::escape("&amp;") == "&amp;amp;");
    CHECK(messages::escape("plain 🔥") == "plain 🔥");
}

TEST_CASE("mentions are built only from real Slack ids") {
    CHECK(messages::user_mention("U123") == "<@U123>");
    CHECK(messages::user_mention("U1> <!channel") == "U1&gt; &lt;!channel");
    CHECK(messages::contact_mention("S0SRE") == "<!subteam^S0SRE>");
    CHECK(messages::contact_mention("W0ENT") == "<@W0ENT>");
    CHECK(messages::channel_link("C0OPS") == "<#C0OPS>");
}

TEST_CASE("date tokens carry a UTC fallback") {
    const auto t = core::from_unix_seconds(1795337400);
    CHECK(messages::time_token(t) == "<!date^1795337400^{time}|08:50 UTC>");
    CHECK(messages::date_time_token(t) ==
          "<!date^1795337400^{date_short} {time}|2026-11-22 08:50 UTC>");
    CHECK(messages::age(std::chrono::seconds(59)) == "under a minute");
    CHECK(messages::age(std::chrono::minutes(125)) == "2 h 5 min");
    CHECK(messages::age(std::chrono::hours(50)) == "2 d 2 h");
}

TEST_CASE("cutting mrkdwn never leaves half an entity or half a mention") {
    CHECK(messages::cut_mrkdwn("ab&amp;cd", 5) == "ab…");
    CHECK(messages::cut_mrkdwn("hi <@U12345> there", 8) == "hi…");
    CHECK(messages::cut_mrkdwn("short", 5) == "short");
    CHECK(messages::code_points(messages::cut_mrkdwn(std::string(4000, 'x'), 3000)) == 3000);
    const auto pieces = messages::split_mrkdwn(std::string(10, 'a') + " &lt;&lt;&lt;", 14);
    std::string joined;
    for (const auto& p : pieces) {
        CHECK(messages::code_points(p) <= 14);
        CHECK((p.find('&') == std::string::npos ||
               p.substr(p.rfind('&')).find(';') != std::string::npos));
        joined += p;
    }
    CHECK(joined == std::string(10, 'a') + " &lt;&lt;&lt;");
}

TEST_CASE("UTF-8 is counted and cut by character") {
    CHECK(messages::code_points("héllo 🔥") == 7);
    CHECK(messages::shorten("🔥🔥🔥🔥", 3) == "🔥🔥…");
    CHECK(messages::valid_utf8("ok\xC3") == "ok\xEF\xBF\xBD");
    CHECK(messages::valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("a role button's value round-trips and garbage decodes to nothing") {
    using messages::action_ids::RoleTarget;
    const RoleTarget target{42, core::Role::CommsLead};
    CHECK(messages::action_ids::encode_role_target(target) == "42:comms");
    CHECK(messages::action_ids::decode_role_target("42:comms") == target);
    CHECK(messages::action_ids::decode_role_block_id(messages::action_ids::role_block_id(target)) ==
          target);
    for (const char* garbage : {"", ":", "42", "42:", ":ic", "42:chef", "-1:ic", "042:ic", "4x:ic",
                                "99999999999999999999:ic", "42:ic:extra", "42:IC"})
        CHECK_FALSE(messages::action_ids::decode_role_target(garbage));
    CHECK_FALSE(messages::action_ids::decode_role_block_id("42:ic"));
    CHECK(messages::action_ids::kTakeRole == "incident.take_role");
    CHECK(messages::action_ids::kAssignRole == "incident.assign_role");
}
