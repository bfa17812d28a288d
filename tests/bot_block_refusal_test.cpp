// Slack refusing a message's blocks (`invalid_blocks`: a rule of a stricter
// Slack the renderers missed) must not leave the channel without the
// message: it goes out as its words in one section, once.
#include <doctest/doctest.h>

#include "tests/support/bot_rig.hpp"

using test::BotRig;
using test::contains;

namespace {

emulator::Fault refusal(const std::string& error) {
    emulator::Fault fault{emulator::Fault::Kind::SlackError};
    fault.error = error;
    return fault;
}

}  // namespace

TEST_CASE("a status update whose blocks Slack refuses is posted as its words in one section") {
    BotRig rig;
    const auto c = rig.declare();
    rig.slack.inject("chat.postMessage", refusal("invalid_blocks"));
    rig.command(rig.bob, c,
                "update status: failing over the primary | impact: EU checkout | actions: paging "
                "the DBA");
    REQUIRE(rig.count(c, "failing over the primary") == 1);
    emulator::Message posted;
    for (const auto& m : rig.bot_messages(c))
        if (contains(test::all_text(m), "failing over the primary")) posted = m;
    REQUIRE(posted.blocks.size() == 1);
    CHECK(posted.blocks[0]["type"] == "section");
    // Still marked, so a retry after a crash finds it instead of posting again.
    CHECK_FALSE(posted.blocks[0].value("block_id", std::string()).empty());
    const auto text = test::all_text(posted);
    CHECK(contains(text, "EU checkout"));
    CHECK(contains(text, "paging the DBA"));
    // The next message goes out as it is.
    rig.command(rig.bob, c, "note the standby is warming up");
    CHECK(rig.count(c, "the standby is warming up") == 1);
    CHECK(rig.count(c, "failing over the primary") == 1);
}

TEST_CASE("an opening message whose blocks Slack refuses is posted and pinned as its words") {
    BotRig rig;
    rig.slack.inject("chat.postMessage", refusal("invalid_blocks_format"));
    const auto c = rig.declare("SEV1 Card payments failing");
    std::vector<emulator::Message> pinned;
    for (const auto& m : rig.bot_messages(c))
        if (m.pinned) pinned.push_back(m);
    REQUIRE(pinned.size() == 1);
    CHECK(pinned[0].blocks.size() == 1);
    CHECK(contains(test::all_text(pinned[0]), "Card payments failing"));
    CHECK(contains(test::all_text(pinned[0]), "Incident Commander"));
    // A refresh that Slack takes brings the buttons back.
    rig.command(rig.bob, c, "ack");
    for (const auto& m : rig.bot_messages(c))
        if (m.pinned) CHECK(m.blocks.size() > 1);
}
