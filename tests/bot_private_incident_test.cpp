// Private incidents (`/incident SEV1 --private …`, or the form's checkbox): a
// private channel, nothing in the announcement channel, and `list` names
// them only to someone asking from the incident's own channel.
#include <doctest/doctest.h>

#include "commands/declare_form.hpp"
#include "commands/parser.hpp"
#include "messages/declare_modal.hpp"
#include "tests/support/bot_rig.hpp"
#include "tests/support/message_text.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::BotRig;

using test::contains;

TEST_CASE("--private anywhere among the title's words declares a private incident") {
    const auto parsed = commands::parse_command("SEV1 --private Payroll data exposed");
    REQUIRE(parsed.ok());
    CHECK(*parsed ==
          commands::Command{commands::Declare{core::Severity::Sev1, "Payroll data exposed", true}});
    const auto at_end = commands::parse_command("declare P1 Payroll data exposed --private");
    REQUIRE(at_end.ok());
    CHECK(std::get<commands::Declare>(*at_end).is_private);
    CHECK(std::get<commands::Declare>(*at_end).title == "Payroll data exposed");
    const auto em_dash = commands::parse_command("SEV1 \xE2\x80\x94private Payroll");
    REQUIRE(em_dash.ok());
    CHECK(std::get<commands::Declare>(*em_dash).is_private);
    // A title that only mentions the word stays public.
    const auto word = commands::parse_command("SEV2 Private API slow");
    REQUIRE(word.ok());
    CHECK_FALSE(std::get<commands::Declare>(*word).is_private);
    CHECK(std::get<commands::Declare>(*word).title == "Private API slow");
    // The flag alone is not a title.
    CHECK_FALSE(commands::parse_command("SEV1 --private").ok());
}

TEST_CASE("the form's checkbox makes the incident private") {
    json v = json::object();
    v["declare.severity"]["value"] = {
        {"type", "static_select"},
        {"selected_option",
         {{"text", {{"type", "plain_text"}, {"text", "SEV1"}}}, {"value", "SEV1"}}}};
    v["declare.title"]["value"] = {{"type", "plain_text_input"}, {"value", "Payroll data exposed"}};
    v["declare.private"]["value"] = {{"type", "checkboxes"}, {"selected_options", json::array()}};
    auto form = commands::read_declare_form(v);
    REQUIRE(form.declare);
    CHECK_FALSE(form.declare->is_private);
    v["declare.private"]["value"]["selected_options"] = json::array(
        {{{"text", {{"type", "plain_text"}, {"text", "Private incident"}}}, {"value", "private"}}});
    form = commands::read_declare_form(v);
    REQUIRE(form.declare);
    CHECK(form.declare->is_private);
    // The modal offers it.
    const auto modal = messages::declare_modal("C1", "https://hooks.slack.com/commands/1");
    CHECK(contains(modal.dump(), "declare.private"));
}

TEST_CASE("a private incident gets a private channel, no announcement, and list keeps it quiet") {
    BotRig rig;
    const auto announce = rig.use_announce_channel();

    const auto c = rig.declare("SEV1 --private Payroll data exposed");
    const auto channels = rig.slack.channels();
    const auto& created = channels.back();
    CHECK(created.is_private);
    CHECK(created.name.ends_with("-payroll-data-exposed"));
    CHECK(std::find(created.members.begin(), created.members.end(), rig.alice) !=
          created.members.end());
    // The opening message is there, pinned, and says it is private.
    bool pinned = false;
    for (const auto& m : rig.bot_messages(c))
        if (m.pinned && contains(test::all_text(m), ":lock: private")) pinned = true;
    CHECK(pinned);
    CHECK(rig.bot_messages(announce).empty());

    // A public one beside it, to show what list does name.
    rig.declare("SEV3 Search is slow");
    CHECK(rig.bot_messages(announce).size() == 1);

    const auto elsewhere = rig.command(rig.bob, rig.ops, "list");
    REQUIRE(elsewhere);
    CHECK_FALSE(contains(elsewhere->dump(), "Payroll"));
    CHECK(contains(elsewhere->dump(), "1 private incident not named here"));
    CHECK(contains(elsewhere->dump(), "Search is slow"));
    const auto inside = rig.command(rig.alice, c, "list");
    REQUIRE(inside);
    CHECK(contains(inside->dump(), "Payroll data exposed"));

    // Commands work in it as in any incident; the comms draft offers no
    // announcement-channel button.
    rig.command(rig.alice, c, "ack");
    const auto draft = rig.command(rig.alice, c, "comms internal");
    REQUIRE(draft);
    CHECK_FALSE(contains(draft->dump(), "announcement channel"));
    rig.command(rig.alice, c, "resolve rotated the keys");
    CHECK(rig.bot_messages(announce).size() == 1);
}

TEST_CASE("a private channel created before a lost answer is found again, not made twice") {
    BotRig rig;
    rig.slack.inject("conversations.create", {emulator::Fault::Kind::DropAfterEffect});
    const auto before = rig.slack.channels().size();
    rig.command(rig.alice, rig.ops, "SEV2 --private Leaked token in logs");
    rig.advance(30s);
    rig.advance(60s);
    const auto channels = rig.slack.channels();
    REQUIRE(channels.size() == before + 1);
    CHECK(channels.back().is_private);
    CHECK(channels.back().name.ends_with("-leaked-token-in-logs"));
    CHECK(rig.count(channels.back().id, "Leaked token in logs") >= 1);
}
