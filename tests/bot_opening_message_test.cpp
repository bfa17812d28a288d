// The pinned opening message when someone deletes it in Slack: the next
// change finds it gone (chat.update answers message_not_found) and the
// channel gets a new one, pinned, kept current from then on.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using test::BotRig;

namespace {

std::vector<emulator::Message> pinned(BotRig& rig, const std::string& channel) {
    std::vector<emulator::Message> out;
    for (const auto& m : rig.slack.messages(channel))
        if (m.pinned) out.push_back(m);
    return out;
}

}  // namespace

TEST_CASE("a deleted opening message is posted and pinned again at the next change") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    auto before = pinned(rig, c);
    REQUIRE(before.size() == 1);
    REQUIRE(rig.slack.delete_message(c, before[0].ts));

    rig.command(rig.bob, c, "ack");
    auto after = pinned(rig, c);
    REQUIRE(after.size() == 1);
    CHECK(after[0].ts != before[0].ts);
    CHECK(after[0].user == rig.slack.bot_user_id());
    // As it is now: acknowledged, Bob the IC, the buttons still there.
    const auto text = test::all_text(after[0]);
    CHECK(text.find("Search is slow") != std::string::npos);
    CHECK(text.find("Acknowledged") != std::string::npos);
    CHECK(text.find("<@" + rig.bob + ">") != std::string::npos);
    CHECK(after[0].blocks.dump().find("\"actions\"") != std::string::npos);

    // And it is the one kept current from then on, with no third message.
    const auto reposted = after[0].ts;
    rig.command(rig.bob, c, "severity SEV1");
    after = pinned(rig, c);
    REQUIRE(after.size() == 1);
    CHECK(after[0].ts == reposted);
    CHECK(test::all_text(after[0]).find("SEV1") != std::string::npos);
}
