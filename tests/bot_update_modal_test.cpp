// The status update form: `/incident update` with no text, in an open
// incident's channel, opens a modal (views.open with the command's
// trigger_id) holding the runbook's template; its submission posts the
// update exactly as the typed command would.
#include <doctest/doctest.h>

#include "commands/parser.hpp"
#include "commands/update_form.hpp"
#include "messages/update_modal.hpp"
#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::BotRig;

namespace {

json values(const std::string& status, const std::string& impact = "",
            const std::string& actions = "") {
    json v = json::object();
    const auto field = [](const std::string& text) {
        return json{{"type", "plain_text_input"}, {"value", text.empty() ? json() : json(text)}};
    };
    v["update.status"]["value"] = field(status);
    v["update.impact"]["value"] = field(impact);
    v["update.actions"]["value"] = field(actions);
    return v;
}

// Clicks "Post an update" on a message of the channel; returns the form
// that opened.
emulator::View open_form_from(BotRig& rig, const std::string& user, const std::string& channel,
                              const std::string& message_ts) {
    const auto views = rig.slack.views().size();
    const auto click = rig.slack.click_button(user, channel, message_ts, "Post an update");
    REQUIRE_FALSE(click.empty());
    REQUIRE(rig.slack.wait_for_ack(click, 5s));
    rig.settle();
    REQUIRE(rig.slack.views().size() == views + 1);
    const auto view = rig.slack.views().back();
    CHECK(view.view.value("callback_id", "") == messages::kUpdateModalCallbackId);
    return view;
}

const json* element(const json& view, std::string_view block_id) {
    for (const auto& block : view.at("blocks"))
        if (block.value("block_id", "") == block_id) return &block.at("element");
    return nullptr;
}

// Submits the form as Bob: whether Slack was told to keep it open (errors).
bool kept_open(BotRig& rig, const std::string& view_id, const json& form_values) {
    const auto id = rig.slack.submit_view(rig.bob, view_id, form_values);
    const auto submitted = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(submitted);
    return submitted->payload.has_value() && submitted->payload->contains("response_action");
}

}  // namespace

TEST_CASE("the form's fields read as the typed template would, and read back the same") {
    const auto form = commands::read_update_form(
        values("  Rolled back deploy 4411  ", "EU checkout\nslow", "watching errors"));
    REQUIRE(form.update);
    CHECK(form.update->text ==
          "status: Rolled back deploy 4411 | impact: EU checkout\nslow | actions: watching errors");
    CHECK(form.update->structured);
    CHECK(form.update->fields == commands::StatusFields{"Rolled back deploy 4411",
                                                        "EU checkout\nslow", "watching errors"});
    CHECK(commands::status_fields(form.update->text) == form.update->fields);

    const auto only = commands::read_update_form(values("Investigating"));
    REQUIRE(only.update);
    CHECK(only.update->text == "status: Investigating");

    for (const auto& blank : {values(""), values("   ", "EU"), json::object(), json("nonsense")}) {
        const auto refused = commands::read_update_form(blank);
        CHECK_FALSE(refused.update);
        CHECK(refused.errors.contains("update.status"));
    }
    const auto long_one = commands::read_update_form(
        values(std::string(1000, 's'), std::string(1000, 'i'), std::string(1000, 'a')));
    CHECK_FALSE(long_one.update);
    CHECK(long_one.errors.at("update.status").find("the most is 2,500") != std::string::npos);
}

TEST_CASE("the form's Next update says when the next is due, checked as the typed one is") {
    auto with_next = values("Rolled back", "", "");
    with_next["update.next"]["value"] = {{"type", "plain_text_input"}, {"value", " 10m "}};
    const auto form = commands::read_update_form(with_next);
    REQUIRE(form.update);
    CHECK(form.update->text == "status: Rolled back | next update: 10m");
    CHECK(form.update->next == commands::NextUpdate{10min, std::nullopt});
    CHECK(commands::status_fields(form.update->text) == form.update->fields);
    with_next["update.next"]["value"]["value"] = "whenever";
    const auto refused = commands::read_update_form(with_next);
    CHECK_FALSE(refused.update);
    CHECK(refused.errors.at("update.next").find("`whenever` is not a time") != std::string::npos);

    BotRig rig;
    const auto c = rig.declare("SEV1 Checkout errors");
    rig.command(rig.bob, c, "update");
    rig.settle();
    const auto view = rig.slack.views().back();
    REQUIRE(element(view.view, "update.next"));
    // Not a time: the form stays open, the reason under the field.
    const auto id = rig.slack.submit_view(rig.bob, view.id, with_next);
    const auto submitted = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(submitted);
    REQUIRE(submitted->payload);
    CHECK(submitted->payload->dump().find("update.next") != std::string::npos);
    CHECK(submitted->payload->dump().find("`whenever` is not a time") != std::string::npos);
    with_next["update.next"]["value"]["value"] = "5m";
    CHECK_FALSE(kept_open(rig, view.id, with_next));
    rig.settle();
    CHECK(test::all_text(rig.bot_messages(c).back()).find("(in 5 min)") != std::string::npos);
    rig.advance(5min);
    CHECK(rig.count(c, "Status update due") == 1);
    // Past SEV1's 15 minutes: posted, due by the cadence; the form has
    // closed, so Bob is told beside it, only to him.
    rig.command(rig.bob, c, "update");
    rig.settle();
    with_next["update.next"]["value"]["value"] = "1h";
    CHECK_FALSE(kept_open(rig, rig.slack.views().back().id, with_next));
    rig.settle();
    CHECK(test::all_text(rig.bot_messages(c).back()).find("(in 15 min)") != std::string::npos);
    // By the command's response_url, which only Bob sees.
    std::size_t told = 0;
    for (const auto& call : rig.slack.calls("response_url"))
        if (call.args.dump().find("SEV1 asks for one every 15 min") != std::string::npos) ++told;
    CHECK(told == 1);
}

TEST_CASE("`/incident update` alone opens the form, the last impact and actions filled in") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Checkout latency");
    rig.command(rig.bob, c,
                "update status: investigating | impact: EU checkout slow | actions: profiling");
    const auto views = rig.slack.views().size();
    const auto ack = rig.command(rig.bob, c, "  Update ");
    CHECK_FALSE(ack);  // an empty ack: the form is the answer
    rig.settle();
    REQUIRE(rig.slack.views().size() == views + 1);
    const auto view = rig.slack.views().back();
    CHECK(view.view.value("callback_id", "") == messages::kUpdateModalCallbackId);
    CHECK(view.view.dump().find("INC-2026-001") != std::string::npos);
    REQUIRE(element(view.view, "update.status"));
    CHECK_FALSE(element(view.view, "update.status")->contains("initial_value"));
    CHECK(element(view.view, "update.impact")->value("initial_value", "") == "EU checkout slow");
    CHECK(element(view.view, "update.actions")->value("initial_value", "") == "profiling");

    CHECK_FALSE(kept_open(
        rig, view.id, values("Cache evictions found, rolling config back", "EU checkout slow")));
    rig.settle();
    const auto posts = rig.bot_messages(c);
    REQUIRE_FALSE(posts.empty());
    const auto last = test::all_text(posts.back());
    CHECK(last.find("*Status update*") != std::string::npos);
    CHECK(last.find("Cache evictions found, rolling config back") != std::string::npos);
    CHECK(last.find("<@" + rig.bob + ">") != std::string::npos);
    const auto timeline = rig.command(rig.alice, c, "timeline");
    REQUIRE(timeline);
    CHECK(timeline->dump().find("status: Cache evictions found, rolling config back | impact: EU "
                                "checkout slow") != std::string::npos);
}

TEST_CASE("a blank status, or an incident resolved meanwhile, keeps the form open with why") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Search is slow");
    rig.command(rig.alice, c, "update");
    rig.settle();
    const auto view = rig.slack.views().back().id;

    auto id = rig.slack.submit_view(rig.alice, view, values("", "search 5x slower"));
    auto ack = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(ack);
    REQUIRE(ack->payload);
    CHECK(ack->payload->value("response_action", "") == "errors");
    CHECK(ack->payload->at("errors").contains("update.status"));

    rig.command(rig.alice, c, "resolve reindexed");
    id = rig.slack.submit_view(rig.alice, view, values("reindexing"));
    ack = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(ack);
    REQUIRE(ack->payload);
    CHECK(ack->payload->at("errors").at("update.status").get<std::string>().find("is resolved") !=
          std::string::npos);
    rig.settle();
    CHECK(rig.count(c, "reindexing") == 0);
}

TEST_CASE("outside an incident `/incident update` opens no form, once resolved it says why") {
    BotRig rig;
    const auto views = rig.slack.views().size();
    const auto elsewhere = rig.command(rig.alice, rig.ops, "update");
    REQUIRE(elsewhere);
    CHECK(elsewhere->dump().find("Say what changed") != std::string::npos);
    const auto c = rig.declare("SEV3 Docs typo");
    rig.command(rig.alice, c, "resolve fixed");
    const auto resolved = rig.command(rig.alice, c, "update");
    REQUIRE(resolved);
    CHECK(resolved->dump().find("is resolved: it can no longer take status updates") !=
          std::string::npos);
    rig.settle();
    CHECK(rig.slack.views().size() == views);
}

TEST_CASE("\"Post an update\" on a reminder opens the form, and its update restarts the clock") {
    BotRig rig;
    const auto c = rig.declare();  // SEV1: a reminder every 15 min
    rig.advance(15min);
    const auto reminders = rig.count(c, "Status update due");
    REQUIRE(reminders == 1);
    const auto reminder = rig.bot_messages(c).back();
    const auto view = open_form_from(rig, rig.bob, c, reminder.ts);
    const auto views = rig.slack.views().size();

    const auto id = rig.slack.submit_view(rig.bob, view.id, values("Failing over to EU-2"));
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    CHECK(rig.count(c, "Failing over to EU-2") == 1);
    rig.advance(14min);  // 15 min after this update, not after the reminder
    CHECK(rig.count(c, "Status update due") == 1);
    rig.advance(1min);
    CHECK(rig.count(c, "Status update due") == 2);

    // Once resolved, the button says so instead of opening a form.
    rig.command(rig.bob, c, "resolve failed over");
    const auto late = rig.slack.click_button(rig.bob, c, reminder.ts, "Post an update");
    REQUIRE(rig.slack.wait_for_ack(late, 5s));
    rig.settle();
    CHECK(rig.slack.views().size() == views);
    bool told = false;
    for (const auto& e : rig.slack.ephemerals(rig.bob))
        if (e.text.find("is resolved: it can no longer take status updates") != std::string::npos)
            told = true;
    CHECK(told);
}

TEST_CASE("\"Post an update\" on the pinned opening message opens the form until resolve") {
    BotRig rig;
    const auto c = rig.declare("SEV2 Checkout latency");
    const auto opening = rig.bot_messages(c).front();
    REQUIRE(test::all_text(opening).find("INC-2026-001 · Checkout latency") != std::string::npos);
    const auto view = open_form_from(rig, rig.carol, c, opening.ts);

    const auto id = rig.slack.submit_view(rig.carol, view.id,
                                          values("Slow query found", "EU checkout 3 s slower"));
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    CHECK(rig.count(c, "Slow query found") == 1);

    // Resolved, the opening message is edited: no button is left to click.
    rig.command(rig.carol, c, "resolve index added");
    rig.settle();
    const auto edited = rig.bot_messages(c).front();
    CHECK(edited.ts == opening.ts);
    CHECK(edited.blocks.dump().find("Post an update") == std::string::npos);
    CHECK(rig.slack.click_button(rig.carol, c, opening.ts, "Post an update").empty());
}
