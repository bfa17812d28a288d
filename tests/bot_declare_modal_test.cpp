// The declare form: `/incident` with no text opens a modal (views.open with
// the command's trigger_id); its submission declares like the slash command.
#include <doctest/doctest.h>

#include "commands/declare_form.hpp"
#include "messages/declare_modal.hpp"
#include "tests/support/bot_rig.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using test::BotRig;

namespace {

json values(const std::string& severity, const std::string& title,
            const std::string& description = "") {
    json v = json::object();
    v["declare.severity"]["value"] =
        severity.empty()
            ? json{{"type", "static_select"}, {"selected_option", nullptr}}
            : json{{"type", "static_select"},
                   {"selected_option",
                    {{"text", {{"type", "plain_text"}, {"text", severity}}}, {"value", severity}}}};
    v["declare.title"]["value"] = {{"type", "plain_text_input"},
                                   {"value", title.empty() ? json() : json(title)}};
    v["declare.description"]["value"] = {
        {"type", "plain_text_input"}, {"value", description.empty() ? json() : json(description)}};
    return v;
}

std::string open_form(BotRig& rig, const std::string& text) {
    const auto before = rig.slack.views().size();
    rig.command(rig.alice, rig.ops, text);
    const auto views = rig.slack.views();
    REQUIRE(views.size() == before + 1);
    CHECK(views.back().view.value("callback_id", "") == messages::kDeclareModalCallbackId);
    return views.back().id;
}

}  // namespace

TEST_CASE("a submission with a bad value answers errors on the field and declares nothing") {
    BotRig rig;
    const auto view = open_form(rig, "");
    const auto channels = rig.slack.channels().size();
    const auto id = rig.slack.submit_view(rig.alice, view, values("", ""));
    const auto ack = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(ack);
    REQUIRE(ack->payload);
    CHECK(ack->payload->value("response_action", "") == "errors");
    CHECK(ack->payload->at("errors").contains("declare.severity"));
    CHECK(ack->payload->at("errors").contains("declare.title"));
    rig.settle();
    CHECK(rig.slack.channels().size() == channels);
}

TEST_CASE("a good submission declares like the slash command, with the description as a note") {
    BotRig rig;
    const auto view = open_form(rig, "declare");
    const auto channels = rig.slack.channels().size();
    const auto id = rig.slack.submit_view(
        rig.alice, view, values("SEV2", "Search is slow", "p99 at 4 s since 09:10"));
    const auto ack = rig.slack.wait_for_ack(id, 5s);
    REQUIRE(ack);
    const bool has_errors = ack->payload.has_value() && ack->payload->contains("response_action");
    CHECK_FALSE(has_errors);
    rig.settle();
    const auto all = rig.slack.channels();
    REQUIRE(all.size() == channels + 1);
    const auto c = all.back().id;
    CHECK(all.back().name.ends_with("-search-is-slow"));
    CHECK(rig.count(c, "p99 at 4 s since 09:10") == 1);
    // The declarer is told where to go, in the channel the form was opened
    // from (through the command's response_url: the bot is not in #ops).
    bool linked = false;
    for (const auto& e : rig.slack.ephemerals(rig.alice))
        if (e.channel == rig.ops && e.text.find("<#" + c) != std::string::npos) linked = true;
    CHECK(linked);
}

TEST_CASE("the form reads a 1,000-character title and refuses 1,001 on its field") {
    const auto ok = commands::read_declare_form(values("SEV1", std::string(1000, 'a')));
    REQUIRE(ok.declare);
    CHECK(ok.declare->severity == core::Severity::Sev1);
    const auto long_one = commands::read_declare_form(values("SEV1", std::string(1001, 'a')));
    CHECK_FALSE(long_one.declare);
    CHECK(long_one.errors.at("declare.title").find("1,000") != std::string::npos);
}
