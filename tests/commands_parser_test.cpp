#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "commands/parser.hpp"
#include "messages/utf8.hpp"

using commands::Command;
using core::Role;
using core::Severity;

using namespace std::chrono_literals;

namespace {

struct Good {
    std::string text;
    Command expected;
};

struct Bad {
    std::string text;
    std::string code;
    std::string says;  // part of the one-line message
};

std::string describe(const core::Result<Command>& r) {
    if (!r) return "error " + r.error().code + ": " + r.error().message;
    return std::string(commands::command_name(*r));
}

}  // namespace

TEST_CASE("every subcommand, alias and spelling parses to what the person meant") {
    const std::vector<Good> table{
        {"", commands::Help{}},
        {"   ", commands::Help{}},
        {"help", commands::Help{}},
        {"HELP", commands::Help{}},
        {"list", commands::List{}},
        {"List", commands::List{}},
        {"SEV1 Payment processing down",
         commands::Declare{Severity::Sev1, "Payment processing down"}},
        {"sev2 Checkout slow", commands::Declare{Severity::Sev2, "Checkout slow"}},
        {"SEV-3 Search flaky", commands::Declare{Severity::Sev3, "Search flaky"}},
        {"P0 Payment processing down",
         commands::Declare{Severity::Sev1, "Payment processing down"}},
        {"p3 Typo on pricing page", commands::Declare{Severity::Sev4, "Typo on pricing page"}},
        {"declare P0 Payment processing down",
         commands::Declare{Severity::Sev1, "Payment processing down"}},
        {"DECLARE critical DB down", commands::Declare{Severity::Sev1, "DB down"}},
        {"declare high Checkout slow", commands::Declare{Severity::Sev2, "Checkout slow"}},
        {"declare Medium Search flaky", commands::Declare{Severity::Sev3, "Search flaky"}},
        {"declare low Docs typo", commands::Declare{Severity::Sev4, "Docs typo"}},
        {"  SEV1\tPayment\n processing   down  ",
         commands::Declare{Severity::Sev1, "Payment processing down"}},
        {"SEV1 🔥 Payments on fire 🔥", commands::Declare{Severity::Sev1, "🔥 Payments on fire 🔥"}},
        {"SEV1 Café señal caída", commands::Declare{Severity::Sev1, "Café señal caída"}},
        {"SEV1 &lt;!channel&gt; is &amp; was down",
         commands::Declare{Severity::Sev1, "<!channel> is & was down"}},
        {"SEV1 <!channel> <!here> <!everyone> down",
         commands::Declare{Severity::Sev1, "@channel @here @everyone down"}},
        {"SEV1 <@U123|bob> and <@U456> broke <#C1|ops>",
         commands::Declare{Severity::Sev1, "@bob and @U456 broke #ops"}},
        {"SEV1 page <!subteam^S1|@oncall> now",
         commands::Declare{Severity::Sev1, "page @oncall now"}},
        {"SEV1 see <https://status.example.com|status page>",
         commands::Declare{Severity::Sev1, "see status page (https://status.example.com)"}},
        {"SEV1 see <https://status.example.com/a?b=1&amp;c=2>",
         commands::Declare{Severity::Sev1, "see https://status.example.com/a?b=1&c=2"}},
        {"SEV1 <http://example.com|example.com> down",
         commands::Declare{Severity::Sev1, "example.com down"}},
        {"ack", commands::Ack{}},
        {"Acknowledge", commands::Ack{}},
        {"role ic <@U123|bob>", commands::AssignRole{Role::Commander, {"U123", "bob", false}}},
        {"role tech <@U123>", commands::AssignRole{Role::TechLead, {"U123", "", false}}},
        {"role comms @carol", commands::AssignRole{Role::CommsLead, {"", "carol", false}}},
        {"role scribe me", commands::AssignRole{Role::Scribe, {"", "", true}}},
        {"ROLE IC ME", commands::AssignRole{Role::Commander, {"", "", true}}},
        {"role <@W42|dan> tech", commands::AssignRole{Role::TechLead, {"W42", "dan", false}}},
        {"role tech none", commands::UnassignRole{Role::TechLead}},
        {"role Nobody scribe", commands::UnassignRole{Role::Scribe}},
        {"role ic -", commands::UnassignRole{Role::Commander}},
        {"unassign COMMS", commands::UnassignRole{Role::CommsLead}},
        {"update Rolled back, watching errors",
         commands::Update{
             "Rolled back, watching errors", {"Rolled back, watching errors", "", ""}, false}},
        {"update status: investigating | impact: checkout failing | actions: rolling back",
         commands::Update{
             "status: investigating | impact: checkout failing | actions: rolling back",
             {"investigating", "checkout failing", "rolling back"},
             true}},
        {"update Impact: EU only|STATUS: mitigated",
         commands::Update{"Impact: EU only|STATUS: mitigated", {"mitigated", "EU only", ""}, true}},
        {"update status: db slow | replica lag\nactions: failover",
         commands::Update{"status: db slow | replica lag\nactions: failover",
                          {"db slow | replica lag", "", "failover"},
                          true}},
        {"update we are at 50% | still bad",
         commands::Update{
             "we are at 50% | still bad", {"we are at 50% | still bad", "", ""}, false}},
        {"update status: <!channel> look",
         commands::Update{"status: @channel look", {"@channel look", "", ""}, true}},
        // SPEC's template ends with the next update's time: from now, or a UTC time of day.
        {"update status: rolled back | impact: EU | actions: watching | next update: 30m",
         commands::Update{"status: rolled back | impact: EU | actions: watching | next update: 30m",
                          {"rolled back", "EU", "watching", "30m"},
                          true,
                          commands::NextUpdate{30min, std::nullopt}}},
        {"update status: watching | Next: 1h30m",
         commands::Update{"status: watching | Next: 1h30m",
                          {"watching", "", "", "1h30m"},
                          true,
                          commands::NextUpdate{90min, std::nullopt}}},
        {"update status: watching\nnext update: in 45 minutes",
         commands::Update{"status: watching\nnext update: in 45 minutes",
                          {"watching", "", "", "in 45 minutes"},
                          true,
                          commands::NextUpdate{45min, std::nullopt}}},
        {"update status: watching | next update: 14:30 UTC",
         commands::Update{"status: watching | next update: 14:30 UTC",
                          {"watching", "", "", "14:30 UTC"},
                          true,
                          commands::NextUpdate{0s, 14 * 60 + 30}}},
        {"update status: watching | next update: at 09:05z",
         commands::Update{"status: watching | next update: at 09:05z",
                          {"watching", "", "", "at 09:05z"},
                          true,
                          commands::NextUpdate{0s, 9 * 60 + 5}}},
        {"update status: watching | next update: 9:05",
         commands::Update{"status: watching | next update: 9:05",
                          {"watching", "", "", "9:05"},
                          true,
                          commands::NextUpdate{0s, 9 * 60 + 5}}},
        {"update Rolled back | next update: 2 hours",
         commands::Update{"Rolled back | next update: 2 hours",
                          {"Rolled back", "", "", "2 hours"},
                          false,
                          commands::NextUpdate{2h, std::nullopt}}},
        // In free text only the whole key counts: these are words.
        {"update watching | next: check the replica",
         commands::Update{"watching | next: check the replica",
                          {"watching | next: check the replica", "", ""},
                          false}},
        {"severity SEV2", commands::ChangeSeverity{Severity::Sev2}},
        {"severity p0", commands::ChangeSeverity{Severity::Sev1}},
        {"sev low", commands::ChangeSeverity{Severity::Sev4}},
        {"note Rolled back deploy 1234", commands::Note{"Rolled back deploy 1234"}},
        {"note line one\nline two", commands::Note{"line one\nline two"}},
        {"resolve", commands::Resolve{""}},
        {"resolve Rolled back the bad deploy", commands::Resolve{"Rolled back the bad deploy"}},
        {"status", commands::Status{}},
        {"timeline", commands::Timeline{}},
        {"postmortem done <https://wiki.example.com/pm/1>",
         commands::PostmortemDone{"https://wiki.example.com/pm/1"}},
        {"postmortem DONE <https://wiki.example.com/pm/1|the write-up>",
         commands::PostmortemDone{"https://wiki.example.com/pm/1"}},
        {"pm done https://wiki.example.com/pm/1",
         commands::PostmortemDone{"https://wiki.example.com/pm/1"}},
        // Intranet short links have no scheme.
        {"postmortem done go/pm-42", commands::PostmortemDone{"go/pm-42"}},
        {"postmortem done wiki.example.com/pm/42",
         commands::PostmortemDone{"wiki.example.com/pm/42"}},
        {"SEV1\xC2\xA0No-break space", commands::Declare{Severity::Sev1, "No-break space"}},
        // The runbooks' words for a severity declare in the shorthand too (SPEC).
        {"critical Database down", commands::Declare{Severity::Sev1, "Database down"}},
        {"High latency on checkout", commands::Declare{Severity::Sev2, "latency on checkout"}},
        {"MEDIUM Search slow", commands::Declare{Severity::Sev3, "Search slow"}},
        {"low Typo on status page", commands::Declare{Severity::Sev4, "Typo on status page"}},
        {"sev2 Queue backlog", commands::Declare{Severity::Sev2, "Queue backlog"}},
        {"rename Checkout errors for EU cards", commands::Rename{"Checkout errors for EU cards"}},
        {"TITLE  Card  declines &amp; <@U1|bob>", commands::Rename{"Card declines & @bob"}},
        {"escalate", commands::Escalate{""}},
        {"Escalate the DB failover is stuck <!here>",
         commands::Escalate{"the DB failover is stuck @here"}},
        {"escalation need a DBA", commands::Escalate{"need a DBA"}},
        {"page <@U1|carol>", commands::Page{{"U1"}, ""}},
        {"Page <@U1> <@W2|dave> <@U1> need a DBA <!here>",
         commands::Page{{"U1", "W2"}, "need a DBA @here"}},
        {"duplicate INC-2026-004", commands::MarkDuplicate{2026, 4, "", ""}},
        {"Duplicate of inc-2026-004 same alert <!here>",
         commands::MarkDuplicate{2026, 4, "", "same alert @here"}},
        {"dup <#C0PAY|incident-2026-12-07-payments> same",
         commands::MarkDuplicate{0, 0, "C0PAY", "same"}},
        {"dupe of <#C0PAY>", commands::MarkDuplicate{0, 0, "C0PAY", ""}},
        {"follow", commands::Follow{true}},
        {"Subscribe", commands::Follow{true}},
        {"unfollow", commands::Follow{false}},
        {"UNSUBSCRIBE  ", commands::Follow{false}},
    };
    for (const Good& row : table) {
        INFO("input: ", row.text);
        const auto parsed = commands::parse_command(row.text);
        INFO("got: ", describe(parsed));
        REQUIRE(parsed.ok());
        CHECK(*parsed == row.expected);
    }
}

TEST_CASE("bad input gets a one-line error that says what would work") {
    const std::string five_thousand(5000, 'x');
    const std::vector<Bad> table{
        {"frobnicate", "unknown_command",
         "Unknown command `frobnicate`. Declare with `/incident SEV1 Payment processing down`, or "
         "see `/incident help`."},
        {"SEV9 Payment down", "unknown_severity",
         "Unknown severity `SEV9`. Use SEV1–SEV4 or P0–P3 (or critical, high, medium, low), e.g. "
         "`/incident SEV1 Payment processing down`."},
        {"P7 Payment down", "unknown_severity", "`P7`"},
        {"declare SEV5 x", "unknown_severity", "SEV1–SEV4 or P0–P3"},
        {"declare", "missing_argument", "severity and a title"},
        {"declare Payment down", "unknown_severity", "`Payment`"},
        {"SEV1", "missing_argument", "Add a title"},
        {"SEV1    ", "missing_argument", "Add a title"},
        {"SEV1 " + five_thousand, "too_long", "The title is 5,000 characters; the most is 1,000."},
        {"SEV1 " + std::string(1001, 'y'), "too_long", "1,001 characters; the most is 1,000"},
        {"update status: x | next update:", "bad_update", "`next update:` is empty"},
        {"update status: x | next: 5m | next update: 10m", "bad_update",
         "`next update:` appears twice"},
        {"role", "missing_argument", "Say which role and who"},
        {"role ic", "missing_argument", "`/incident role ic @alice`"},
        {"role ic @alice @bob", "extra_argument",
         "A role goes to one person: `/incident role ic @alice`"},
        {"role ic @alice soon", "extra_argument", "Say which role and who"},
        {"role chef @alice", "unknown_role", "Unknown role `chef`. Use ic, tech, comms or scribe"},
        {"role ic alice", "bad_user", "`alice` is not a person"},
        {"role ic <#C1|ops>", "bad_user", "`#ops` is not a person"},
        {"role none", "missing_argument", "`/incident role scribe none`"},
        {"unassign", "missing_argument", "Say which role to leave to nobody"},
        {"unassign tech now", "extra_argument", "`/incident unassign tech`"},
        {"unassign pilot", "unknown_role", "Unknown role `pilot`"},
        {"update", "missing_argument", "Say what changed"},
        {"update " + std::string(2501, 'z'), "too_long",
         "The update is 2,501 characters; the most is 2,500."},
        {"update status: a | status: b", "bad_update", "`status:` appears twice"},
        {"update status: ok | impact:", "bad_update", "`impact:` is empty"},
        {"severity", "missing_argument", "`/incident severity SEV2`"},
        {"severity SEV0", "unknown_severity", "Unknown severity `SEV0`"},
        {"severity purple", "unknown_severity", "`purple`"},
        {"severity SEV2 db is worse", "extra_argument", "only the new severity"},
        {"note", "missing_argument", "Say what to record"},
        {"note " + five_thousand, "too_long", "The note is 5,000 characters"},
        {"resolve " + five_thousand, "too_long", "The resolution is 5,000 characters"},
        {"status investigating", "extra_argument", "`/incident update"},
        {"ack now please", "extra_argument", "takes no text"},
        {"postmortem later", "extra_argument", "`/incident postmortem done"},
        {"postmortem done", "missing_argument", "`/incident postmortem done"},
        {"postmortem done foo", "bad_link", "`foo` is not a link"},
        {"postmortem done javascript:alert(1)", "bad_link", "is not a link"},
        {"postmortem done ftp://files.example.com/pm", "bad_link", "is not a link"},
        {"postmortem done https://", "bad_link", "is not a link"},
        // Found by the fuzzer: a line break inside Slack's link token.
        {"postmortem done <https:+/x.\n|pm>", "bad_link", "`pm (https:+/x. )` is not a link"},
        {"postmortem done <https://x.io/a\nb|pm>", "bad_link", "is not a link"},
        {"rename", "missing_argument", "Give the new title"},
        {"rename   ", "missing_argument", "`/incident rename"},
        {"escalate " + five_thousand, "too_long", "The reason is 5,000 characters"},
        {"page", "missing_argument", "Say whom to page"},
        {"page need a DBA <@U1>", "missing_argument", "Say whom to page"},
        {"page me", "bad_argument", "You are here already"},
        {"page @carol", "unknown_user", "`@carol` is not linked to a person"},
        {"page <@U1> " + five_thousand, "too_long", "The reason is 5,000"},
        {"duplicate", "missing_argument", "Say which incident this one duplicates"},
        {"unfollow me", "extra_argument", "`/incident unfollow` takes no text"},
        {"duplicate of", "missing_argument", "`/incident duplicate INC-2026-004 [why]`"},
        {"duplicate #payments", "bad_argument", "`#payments` is not an incident"},
        {"duplicate INC-2026-004 " + five_thousand, "too_long", "The reason is 5,000"},
        {"rename " + std::string(1001, 'y'), "too_long", "The title is 1,001 characters"},
        {"<!channel>", "unknown_command", "`@channel`"},
        {"`oops`", "unknown_command", "`'oops'`"},
    };
    for (const Bad& row : table) {
        INFO("input: ", row.text.substr(0, 80));
        const auto parsed = commands::parse_command(row.text);
        INFO("got: ", describe(parsed));
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == row.code);
        CHECK(parsed.error().message.find(row.says) != std::string::npos);
        CHECK(parsed.error().message.find('\n') == std::string::npos);
        CHECK(parsed.error().message.size() < 300);
    }
}

TEST_CASE("limits count characters, not bytes: 1,000 emoji make a valid title, 1,001 do not") {
    std::string emoji;
    for (int i = 0; i < 1000; ++i) emoji += "🔥";
    CHECK(commands::parse_command("SEV1 " + emoji).ok());
    CHECK_FALSE(commands::parse_command("SEV1 " + emoji + "🔥").ok());

    std::string note;
    for (int i = 0; i < 2500; ++i) note += "é";
    CHECK(commands::parse_command("note " + note).ok());
    CHECK(commands::parse_command("note " + note + "é").error().code == "too_long");
}

TEST_CASE("an alert line pasted as a 206-character title declares") {
    const std::string alert =
        "[FIRING:1] HighErrorRate api-gateway production (severity=critical, "
        "instance=ip-10-0-3-17.eu-west-1.compute.internal:9090, job=api-gateway) error rate "
        "12.4% over 5m exceeds 5% threshold, see runbook";
    REQUIRE(alert.size() > 150);
    const auto parsed = commands::parse_command("SEV1 " + alert);
    REQUIRE(parsed.ok());
    CHECK(std::get<commands::Declare>(*parsed).title == alert);
}

TEST_CASE("a huge unknown word is quoted short in the error") {
    const auto parsed = commands::parse_command(std::string(10000, 'q'));
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.size() < 200);
}

TEST_CASE("invalid UTF-8 never reaches a title: it becomes the replacement character") {
    const auto parsed = commands::parse_command("SEV1 bad \xFF\xFE byte");
    REQUIRE(parsed.ok());
    CHECK(std::get<commands::Declare>(*parsed).title == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
}

TEST_CASE("only commands about one incident need its channel") {
    CHECK_FALSE(commands::needs_incident_channel(commands::Help{}));
    CHECK_FALSE(commands::needs_incident_channel(commands::List{}));
    CHECK_FALSE(commands::needs_incident_channel(commands::Declare{}));
    CHECK(commands::needs_incident_channel(commands::Ack{}));
    CHECK(commands::needs_incident_channel(commands::Timeline{}));
    CHECK(commands::needs_incident_channel(commands::PostmortemDone{}));
    CHECK(commands::needs_incident_channel(commands::Rename{}));
}

TEST_CASE("a next update that is not a time leaves the update whole, saying why") {
    const std::vector<std::pair<std::string, std::string>> table{
        {"soon",
         "`soon` is not a time for the next update: give a time from now, such as `30m`, `1h` or "
         "`1h30m`, or a time of day in UTC, such as `14:30`."},
        {"25h", "from 1 minute to 24 hours away, not `25h`"},
        {"30s", "not `30s`"},
        {"24:00", "`24:00` is not a time"},
        {"14:3", "`14:3` is not a time"},
        {"+1:30", "`+1:30` is not a time"},
        {"after the rollback", "`after the rollback` is not a time"},
    };
    for (const auto& [value, why] : table) {
        CAPTURE(value);
        const auto parsed = commands::parse_command("update status: x | next update: " + value);
        REQUIRE(parsed);
        const auto* update = std::get_if<commands::Update>(&*parsed);
        REQUIRE(update);
        CHECK(update->fields.status == "x");
        CHECK(update->fields.next_update == value);
        CHECK_FALSE(update->next);
        CHECK(update->next_unread.find(why) != std::string::npos);
    }
}

// Found by the fuzzer: a plain `@name` with bytes that are not UTF-8 was
// echoed as typed in "A role goes to one person", which Slack would refuse.
TEST_CASE("a role given to two people echoes the first as readable text") {
    const auto parsed =
        commands::parse_command(std::string("role ic @U1\0\0h\xff\xff"
                                            "ad @x",
                                            21));
    REQUIRE_FALSE(parsed);
    const auto& message = parsed.error().message;
    CHECK(message.starts_with("A role goes to one person: `/incident role ic @U1"));
    CHECK(messages::valid_utf8(message) == message);
}
