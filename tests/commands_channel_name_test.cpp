#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "commands/channel_name.hpp"
#include "commands/slack_text.hpp"
#include "commands/user_ref.hpp"

using namespace std::chrono;

namespace {
constexpr year_month_day kSeedDay{year{2026}, month{11}, day{22}};

bool is_valid_channel_name(const std::string& name) {
    if (name.empty() || name.size() > 80) return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return name.back() != '-' && name.find("--") == std::string::npos;
}
}  // namespace

TEST_CASE("the seed example gets incident-2026-11-22-payment-processing-down") {
    CHECK(commands::channel_name_for(kSeedDay, "Payment processing down", 1, 1) ==
          "incident-2026-11-22-payment-processing-down");
}

TEST_CASE("a taken name gets -2, then -3") {
    CHECK(commands::channel_name_for(kSeedDay, "Payment processing down", 1, 2) ==
          "incident-2026-11-22-payment-processing-down-2");
    CHECK(commands::channel_name_for(kSeedDay, "Payment processing down", 1, 3) ==
          "incident-2026-11-22-payment-processing-down-3");
}

TEST_CASE("punctuation, case and non-ASCII runs become single dashes, trimmed") {
    CHECK(commands::channel_name_for(kSeedDay, "  API: 50% slower!!! (EU) ", 7, 1) ==
          "incident-2026-11-22-api-50-slower-eu");
    CHECK(commands::channel_name_for(kSeedDay, "Café down — señal caída", 7, 1) ==
          "incident-2026-11-22-caf-down-se-al-ca-da");
    CHECK(commands::channel_name_for(kSeedDay, "@channel <b>&amp;", 7, 1) ==
          "incident-2026-11-22-channel-b-amp");
}

TEST_CASE("an empty slug uses the incident number") {
    CHECK(commands::channel_name_for(kSeedDay, "🔥🔥🔥", 1, 1) == "incident-2026-11-22-001");
    CHECK(commands::channel_name_for(kSeedDay, "!!!", 42, 2) == "incident-2026-11-22-042-2");
    CHECK(commands::channel_name_for(kSeedDay, "", 1234, 1) == "incident-2026-11-22-1234");
}

TEST_CASE(
    "a long title is cut so the whole name is at most 80 characters, without a trailing dash") {
    const std::string title(200, 'a');
    const std::string name = commands::channel_name_for(kSeedDay, title, 1, 1);
    CHECK(name.size() == 80);
    CHECK(name == "incident-2026-11-22-" + std::string(60, 'a'));

    // The 60-character cut lands right after a word: the dash before the next is dropped.
    const std::string words = std::string(59, 'b') + " cdef";
    CHECK(commands::channel_name_for(kSeedDay, words, 1, 1) ==
          "incident-2026-11-22-" + std::string(59, 'b'));

    // Room is kept for the suffix.
    const std::string second = commands::channel_name_for(kSeedDay, title, 1, 2);
    CHECK(second.size() == 80);
    CHECK(second == "incident-2026-11-22-" + std::string(58, 'a') + "-2");
    CHECK(commands::channel_name_for(kSeedDay, title, 1, 10).size() == 80);
    for (int attempt = 1; attempt < 200; ++attempt)
        CHECK(is_valid_channel_name(
            commands::channel_name_for(kSeedDay, std::string(150, 'x'), 1, attempt)));
}

TEST_CASE("Slack wire text reads as the person typed it") {
    CHECK(commands::plain_text("<@U1|bob> &amp; <@U2>") == "@bob & @U2");
    CHECK(commands::plain_text("<!here> <!channel> <!everyone>") == "@here @channel @everyone");
    CHECK(commands::plain_text("<!subteam^S1|@oncall> <!subteam^S2>") == "@oncall @S2");
    CHECK(commands::plain_text("<#C1|ops> <#C2>") == "#ops #C2");
    CHECK(commands::plain_text("<https://x.io|label> <https://x.io>") ==
          "label (https://x.io) https://x.io");
    CHECK(commands::plain_text("<mailto:a@b.io|a@b.io>") == "a@b.io");
    CHECK(commands::plain_text("&lt;b&gt; a &lt; b") == "<b> a < b");
    CHECK(commands::plain_text("&amp;lt;") == "&lt;");
    CHECK(commands::plain_text("a < b > c") == "a < b > c");
    CHECK(commands::plain_text("unclosed <@U1") == "unclosed <@U1");
    CHECK(commands::plain_text("x\r\ny\x01z") == "x\nyz");
    CHECK(commands::link_target("<https://x.io/pm|write-up>") == "https://x.io/pm");
}

TEST_CASE("a mention Slack sent without its label reads as the person's name, when known") {
    std::vector<std::string> asked;
    const commands::NameOf name_of = [&](const std::string& id) -> std::optional<std::string> {
        asked.push_back(id);
        if (id == "U1") return "bob";
        if (id == "W2") return "ann <ops> & co";
        if (id == "U3") return "odd|name";
        return std::nullopt;
    };
    const auto labelled = commands::label_mentions(
        "paged <@U1> and <@W2>, <@U1> again; <@U9> <@U1|robert> <@U3> <!here> <@U1", name_of);
    CHECK(labelled ==
          "paged <@U1|bob> and <@W2|ann &lt;ops&gt; &amp; co>, <@U1|bob> again; <@U9> "
          "<@U1|robert> <@U3> <!here> <@U1");
    CHECK(commands::plain_text(labelled) ==
          "paged @bob and @ann <ops> & co, @bob again; @U9 @robert @U3 @here <@U1");
    // Each id once; a labelled one, a broken token and `<!here>` not at all.
    CHECK(asked == std::vector<std::string>{"U1", "W2", "U9", "U3"});

    // Not an id: typed text between `<@` and `>` is not looked up.
    asked.clear();
    CHECK(commands::label_mentions("&lt;@U1&gt; <@u1> <@> <@U1 x>", name_of) ==
          "&lt;@U1&gt; <@u1> <@> <@U1 x>");
    CHECK(asked.empty());

    // At most `limit` distinct ids are looked up.
    asked.clear();
    CHECK(commands::label_mentions("<@U1> <@U9> <@U1> <@W2>", name_of, 2) ==
          "<@U1|bob> <@U9> <@U1|bob> <@W2>");
    CHECK(asked.size() == 2);
}

TEST_CASE("user references in every form SPEC lists") {
    using commands::UserRef;
    CHECK(commands::parse_user_ref("<@U123|bob>") == UserRef{"U123", "bob", false});
    CHECK(commands::parse_user_ref("<@U123>") == UserRef{"U123", "", false});
    CHECK(commands::parse_user_ref("@bob.smith") == UserRef{"", "bob.smith", false});
    CHECK(commands::parse_user_ref("Me") == UserRef{"", "", true});
    CHECK_FALSE(commands::parse_user_ref("bob"));
    CHECK_FALSE(commands::parse_user_ref("@"));
    CHECK_FALSE(commands::parse_user_ref("<@lowercase>"));
    CHECK_FALSE(commands::parse_user_ref("<#C1|ops>"));
    CHECK_FALSE(commands::parse_user_ref("<!channel>"));
    CHECK_FALSE(commands::parse_user_ref("<@U1|b<o>b>"));
    // A label that is no user name (a display name) does not refuse the id.
    CHECK(commands::parse_user_ref("<@U123|Carol Smith>") == UserRef{"U123", "", false});
}
