#include <doctest/doctest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "sandbox/block_kit_text.hpp"

using nlohmann::json;

namespace {

// 2023-11-14 22:13:20 UTC, a Tuesday.
constexpr std::int64_t kInstant = 1700000000;

sandbox::TextStyle style(bool colour = false) {
    static const std::map<std::string, std::string, std::less<>> users = {{"U1", "alice"},
                                                                          {"U2", "bob"}};
    static const std::map<std::string, std::string, std::less<>> channels = {{"C1", "ops"}};
    sandbox::TextStyle s;
    s.colour = colour;
    s.user_name = [](std::string_view id) -> std::optional<std::string> {
        const auto it = users.find(id);
        return it == users.end() ? std::nullopt : std::optional{it->second};
    };
    s.channel_name = [](std::string_view id) -> std::optional<std::string> {
        const auto it = channels.find(id);
        return it == channels.end() ? std::nullopt : std::optional{it->second};
    };
    s.now = core::from_unix_seconds(kInstant + 3600);
    return s;
}

}  // namespace

TEST_CASE("mentions and channel links read as names a person recognises") {
    const auto s = style();
    CHECK(sandbox::render_mrkdwn("<@U1> is IC", s) == "@alice is IC");
    CHECK(sandbox::render_mrkdwn("<@U2|bobby> and <@U9>", s) == "@bob and @U9");
    CHECK(sandbox::render_mrkdwn("<@U9|zed>", s) == "@zed");
    CHECK(sandbox::render_mrkdwn("see <#C1> and <#C7|incident-x>", s) ==
          "see #ops and #incident-x");
    CHECK(sandbox::render_mrkdwn("<!here> <!channel> <!everyone>", s) ==
          "@here @channel @everyone");
    CHECK(sandbox::render_mrkdwn("paging <!subteam^S1|@oncall>", s) == "paging @oncall");
}

TEST_CASE("links show their label and address, entities are unescaped") {
    const auto s = style();
    CHECK(sandbox::render_mrkdwn("<https://x.io/pm|post-mortem>", s) ==
          "post-mortem (https://x.io/pm)");
    CHECK(sandbox::render_mrkdwn("<https://x.io>", s) == "https://x.io");
    CHECK(sandbox::render_mrkdwn("a &lt;!channel&gt; &amp; b", s) == "a <!channel> & b");
    CHECK(sandbox::render_mrkdwn("<https://x.io?a=1&amp;b=2|q&amp;a>", s) ==
          "q&a (https://x.io?a=1&b=2)");
}

TEST_CASE("date tokens show UTC times, with the date only when it is not today") {
    auto s = style();
    CHECK(sandbox::render_mrkdwn("due <!date^1700000000^{date_short} {time}|later>", s) ==
          "due 22:13 UTC");
    s.now = core::from_unix_seconds(kInstant + 2 * 86400);
    CHECK(sandbox::render_mrkdwn("due <!date^1700000000^{date_short} {time}|later>", s) ==
          "due Nov 14, 2023 22:13 UTC");
    CHECK(sandbox::render_mrkdwn("<!date^1700000000^{date_long} at {time_secs}|x>", s) ==
          "Tuesday, November 14th, 2023 at 22:13:20 UTC");
    CHECK(sandbox::render_mrkdwn("<!date^1700000000^{date_num}|x>", s) == "2023-11-14");
    CHECK(sandbox::render_mrkdwn("<!date^1700000000^{date_pretty}|x>", s) == "November 14th, 2023");
    s.now = core::from_unix_seconds(kInstant + 86400);
    CHECK(sandbox::render_mrkdwn("<!date^1700000000^{date_short_pretty} at {time}|x>", s) ==
          "yesterday at 22:13 UTC");
    CHECK(sandbox::render_mrkdwn("<!date^nope^{time}|soon&amp;ish>", s) == "soon&ish");
}

TEST_CASE("{ago} says how long ago, or how long until, as Slack does") {
    auto s = style();
    const std::string token = "<!date^1700000000^{date_short} {time} ({ago})|x>";
    s.now = core::from_unix_seconds(kInstant + 20);
    CHECK(sandbox::render_mrkdwn(token, s) == "22:13 UTC (a few seconds ago)");
    s.now = core::from_unix_seconds(kInstant + 60);
    CHECK(sandbox::render_mrkdwn(token, s) == "22:13 UTC (1 minute ago)");
    s.now = core::from_unix_seconds(kInstant + 47 * 60);
    CHECK(sandbox::render_mrkdwn(token, s) == "22:13 UTC (47 minutes ago)");
    s.now = core::from_unix_seconds(kInstant + 3 * 86400 + 5);
    CHECK(sandbox::render_mrkdwn(token, s) == "Nov 14, 2023 22:13 UTC (3 days ago)");
    s.now = core::from_unix_seconds(kInstant - 2 * 3600);
    CHECK(sandbox::render_mrkdwn("<!date^1700000000^{ago}|x>", s) == "in 2 hours");
}

TEST_CASE("emphasis stays as typed without colour and becomes ANSI with colour") {
    CHECK(sandbox::render_mrkdwn("*SEV1* _investigating_ snake_case_name", style()) ==
          "*SEV1* _investigating_ snake_case_name");
    CHECK(sandbox::render_mrkdwn("*SEV1* _now_ 2*3*4", style(true)) ==
          "\x1b[1mSEV1\x1b[22m \x1b[3mnow\x1b[23m 2*3*4");
    CHECK(sandbox::render_mrkdwn("*IC:* <@U1>", style(true)) == "\x1b[1mIC:\x1b[22m @alice");
}

TEST_CASE("a message without blocks shows its text") {
    CHECK(sandbox::render_message("Reminder: <@U1> post an update", json::array(), style()) ==
          "Reminder: @alice post an update");
    CHECK(sandbox::render_message("plain", json(), style()) == "plain");
}

TEST_CASE("an opening message renders as header, fields, roles with buttons and context") {
    const auto blocks = json::parse(R"([
      {"type":"header","text":{"type":"plain_text","text":"SEV1 · Payment processing down"}},
      {"type":"section","fields":[
        {"type":"mrkdwn","text":"*Severity*\nSEV1"},
        {"type":"mrkdwn","text":"*State*\ninvestigating"},
        {"type":"mrkdwn","text":"*Declared by*\n<@U1>"},
        {"type":"mrkdwn","text":"no label here"}]},
      {"type":"divider"},
      {"type":"section","text":{"type":"mrkdwn","text":"*Incident Commander*: nobody"},
       "accessory":{"type":"button","action_id":"incident.take_role","value":"ic",
                    "text":{"type":"plain_text","text":"I'll be IC"}}},
      {"type":"actions","elements":[
        {"type":"button","text":{"type":"plain_text","text":"Resolve"},"style":"danger"},
        {"type":"users_select","action_id":"incident.assign_role.tech",
         "placeholder":{"type":"plain_text","text":"Assign someone…"}},
        {"type":"users_select","initial_user":"U2"},
        {"type":"static_select","placeholder":{"type":"plain_text","text":"Severity"}},
        {"type":"overflow"}]},
      {"type":"context","elements":[
        {"type":"mrkdwn","text":"Next update due <!date^1700000900^{date_short} {time}|soon>"},
        {"type":"image","image_url":"https://x/i.png","alt_text":"bot"}]},
      {"type":"image","image_url":"https://x/g.png","alt_text":"graph"},
      {"type":"rich_text","elements":[{"type":"rich_text_section","elements":[
        {"type":"text","text":"hi "},{"type":"user","user_id":"U2"}]}]},
      {"type":"video"}
    ])");
    const std::string expected =
        "== SEV1 · Payment processing down ==\n"
        "Severity: SEV1\n"
        "State: investigating\n"
        "Declared by: @alice\n"
        "no label here\n"
        "────────────────────────────────────────\n"
        "*Incident Commander*: nobody  [ I'll be IC ]\n"
        "[ Resolve ] [ Assign someone… ▾ ] [ @bob ▾ ] [ Severity ▾ ] [ … ]\n"
        "Next update due 22:28 UTC  [image: bot]\n"
        "[image: graph]\n"
        "hi @bob\n"
        "[unsupported block: video]";
    CHECK(sandbox::render_message("fallback", blocks, style()) == expected);
}

TEST_CASE("with colour, headers are bold and underlined and danger buttons red") {
    const auto blocks = json::parse(R"([
      {"type":"header","text":{"type":"plain_text","text":"Title"}},
      {"type":"actions","elements":[
        {"type":"button","text":{"type":"plain_text","text":"Resolve"},"style":"danger"}]}])");
    CHECK(sandbox::render_message("", blocks, style(true)) ==
          "\x1b[1;4mTitle\x1b[0m\n\x1b[31m[ Resolve ]\x1b[0m");
}

TEST_CASE("emoji shortcodes show as the emoji a person sees in Slack") {
    CHECK(sandbox::render_mrkdwn(":memo: *Status update* :tada: :not_an_emoji:", style()) ==
          "📝 *Status update* 🎉 :not_an_emoji:");
    // Each one the bot's messages use (rename, private, action items, impact,
    // detection, files, a notice beside a change, mitigated).
    CHECK(sandbox::render_mrkdwn(
              ":pencil2: :lock: :white_square: :chart_with_downwards_trend: :mag: :clipboard: "
              ":page_facing_up: :package: :information_source: :large_yellow_circle:",
              style()) == "✏️ 🔒 ⬜ 📉 🔍 📋 📄 📦 ℹ️ 🟡");
}
