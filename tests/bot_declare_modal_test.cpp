// The declare form: `/incident` with no text opens a modal (views.open with
// the command's trigger_id); its submission declares like the slash command.
#include <doctest/doctest.h>

#include "commands/declare_form.hpp"
#include "messages/declare_modal.hpp"
#include "tests/support/bot_rig.hpp"
#include "tests/support/http_test_client.hpp"
#include "tests/support/ops_http.hpp"

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

TEST_CASE("values of the wrong type read as empty fields, never as an exception") {
    // Found by fuzz/run.sh view_submission: an option whose value is an object.
    auto v = values("SEV1", "Payment processing down");
    v["declare.severity"]["value"]["selected_option"]["value"] = json{{"value", "SEV1"}};
    v["declare.private"]["value"] = {{"selected_options", json::array({json{{"value", 7}}, 3})}};
    v["declare.title"]["value"]["value"] = json::array({"a"});
    commands::DeclareForm form;
    CHECK_NOTHROW(form = commands::read_declare_form(v));
    CHECK_FALSE(form.declare);
    CHECK(form.errors.contains("declare.severity"));
    CHECK(form.errors.contains("declare.title"));
}

TEST_CASE(
    "the message shortcut opens the form with the message, and its link goes on the timeline") {
    BotRig rig;
    // As Slack stores a message: `&` escaped, a mention as its markup.
    const auto ts = rig.slack.post_as(rig.bob, rig.ops,
                                      "checkout returns 502 for EU users &amp; <@" + rig.bob + ">");
    REQUIRE_FALSE(ts.empty());
    const auto views = rig.slack.views().size();
    const auto envelope = rig.slack.message_shortcut(
        rig.alice, rig.ops, ts, std::string(messages::kDeclareShortcutCallbackId));
    REQUIRE(rig.slack.wait_for_ack(envelope, 5s));
    rig.settle();
    REQUIRE(rig.slack.views().size() == views + 1);
    const auto view = rig.slack.views().back();
    // In the form as people read the message.
    CHECK(view.view.dump().find("checkout returns 502 for EU users & @" + rig.bob) !=
          std::string::npos);
    const std::string link = "https://" + rig.slack.options().team_domain + ".slack.com/archives/" +
                             rig.ops + "/p" + [&] {
                                 std::string p = ts;
                                 std::erase(p, '.');
                                 return p;
                             }();
    CHECK(view.view.value("private_metadata", "").find(link) != std::string::npos);

    const auto channels = rig.slack.channels().size();
    const auto id = rig.slack.submit_view(
        rig.alice, view.id,
        values("SEV2", "EU checkout failing", "checkout returns 502 for EU users"));
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    REQUIRE(rig.slack.channels().size() == channels + 1);
    const auto c = rig.slack.channels().back().id;
    const auto timeline = rig.command(rig.alice, c, "timeline");
    REQUIRE(timeline);
    CHECK(timeline->dump().find(rig.ops + "/p") != std::string::npos);
    CHECK(rig.count(c, "checkout returns 502 for EU users") == 1);
}

TEST_CASE("a shortcut the app does not know is acked and changes nothing") {
    BotRig rig;
    const auto ts = rig.slack.post_as(rig.bob, rig.ops, "hello");
    const auto views = rig.slack.views().size();
    const auto envelope = rig.slack.message_shortcut(rig.alice, rig.ops, ts, "someone.else");
    REQUIRE(rig.slack.wait_for_ack(envelope, 5s));
    rig.settle();
    CHECK(rig.slack.views().size() == views);
}

TEST_CASE("a declare through the form counts in incidents_declared_total like a slash declare") {
    BotRig rig;
    rig.config.http_enabled = true;
    rig.config.http_port = test::free_port();
    rig.restart();
    const auto view = open_form(rig, "");
    const auto id = rig.slack.submit_view(rig.alice, view, values("SEV2", "Queue backlog"));
    REQUIRE(rig.slack.wait_for_ack(id, 5s));
    rig.settle();
    rig.command(rig.alice, rig.ops, "SEV2 Search is slow");
    const auto metrics =
        test::HttpTestClient("127.0.0.1", rig.config.http_port).get("/metrics").body;
    CHECK(test::contains(metrics, "incidentbot_open_incidents{severity=\"SEV2\"} 2"));
    CHECK(test::contains(
        metrics, "incidentbot_incidents_declared_total{severity=\"SEV2\",source=\"slash\"} 2"));
}

TEST_CASE("a declare with its severity and no title opens the form with that severity chosen") {
    BotRig rig;
    for (const auto& [text, severity] :
         {std::pair{"declare SEV1", "SEV1"}, std::pair{"declare p2", "SEV3"},
          std::pair{"SEV2", "SEV2"}}) {
        CAPTURE(text);
        const auto view = open_form(rig, text);
        const auto views = rig.slack.views();
        REQUIRE(views.back().id == view);
        const auto& form = views.back().view;
        const json* select = nullptr;
        for (const auto& block : form.at("blocks"))
            if (block.value("block_id", "") == messages::kSeverityBlock)
                select = &block.at("element");
        REQUIRE(select);
        REQUIRE(select->contains("initial_option"));
        // One of the options, exactly, as Slack requires.
        CHECK(select->at("initial_option").at("value") == severity);
        bool listed = false;
        for (const auto& option : select->at("options"))
            listed = listed || option == select->at("initial_option");
        CHECK(listed);
    }
    // With a title it is still declared in one line, and `help` is still help.
    const auto channels = rig.slack.channels().size();
    rig.command(rig.alice, rig.ops, "SEV2 Search is slow");
    CHECK(rig.slack.channels().size() == channels + 1);
    const auto views = rig.slack.views().size();
    const auto help = rig.command(rig.alice, rig.ops, "help");
    REQUIRE(help);
    CHECK(rig.slack.views().size() == views);
}
