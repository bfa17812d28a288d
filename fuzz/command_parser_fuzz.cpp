// libFuzzer target: any bytes as the text after `/incident`. The parser must
// return a command or a one-line error, never crash; whatever it accepts must
// render into JSON Slack would take (valid UTF-8, limits respected).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "commands/channel_name.hpp"
#include "commands/limits.hpp"
#include "commands/parser.hpp"
#include "commands/slack_text.hpp"
#include "fuzz/require.hpp"
#include "messages/action_ids.hpp"
#include "messages/announcements.hpp"
#include "messages/opening_message.hpp"
#include "messages/replies.hpp"
#include "messages/utf8.hpp"

using fuzz::require;

namespace {

void render_and_check(const messages::SlackMessage& m) {
    require(!m.text.empty());
    require(m.blocks.size() <= 50);
    (void)messages::to_json(m).dump();  // throws (and so aborts) on invalid UTF-8
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = commands::parse_command(text);
    const auto now = core::from_unix_seconds(1795337400);

    if (!parsed) {
        const std::string& message = parsed.error().message;
        require(!message.empty() && message.find('\n') == std::string::npos);
        require(messages::valid_utf8(message) == message);
        render_and_check(messages::error_reply(message));
        return 0;
    }

    core::Incident incident;
    incident.id = 1;
    incident.year = 2026;
    incident.number = 1;
    incident.title = "Fuzz";
    incident.declared_by = "U1";
    incident.declared_at = now;

    if (const auto* declare = std::get_if<commands::Declare>(&*parsed)) {
        require(!declare->title.empty());
        require(messages::code_points(declare->title) <= commands::kMaxTitle);
        require(declare->title.find('\n') == std::string::npos);
        incident.title = declare->title;
        const auto name = commands::channel_name_for(
            std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11},
                                        std::chrono::day{22}},
            declare->title, 1, 1 + static_cast<int>(size % 5));
        require(name.size() <= 80 && name.back() != '-');
        render_and_check(messages::opening_message(incident, {std::chrono::minutes(15), now}));
        render_and_check(messages::declaring_reply(incident));
    } else if (const auto* update = std::get_if<commands::Update>(&*parsed)) {
        require(messages::code_points(update->text) <= commands::kMaxText);
        render_and_check(messages::status_update(
            incident, {update->fields.status, update->fields.impact, update->fields.actions}, "U1",
            {}, now));
    } else if (const auto* note = std::get_if<commands::Note>(&*parsed)) {
        render_and_check(messages::note_added(incident, note->text, "U1"));
    } else if (const auto* resolve = std::get_if<commands::Resolve>(&*parsed)) {
        incident.state = core::IncidentState::Resolved;
        incident.resolution = resolve->resolution;
        render_and_check(messages::opening_message(incident, {}));
        render_and_check(messages::resolved(incident, "U1"));
    } else if (const auto* link = std::get_if<commands::PostmortemDone>(&*parsed)) {
        incident.postmortem_link = link->link;
        render_and_check(messages::postmortem_done(incident, "U1"));
    } else if (const auto* rename = std::get_if<commands::Rename>(&*parsed)) {
        require(!rename->title.empty());
        require(messages::code_points(rename->title) <= commands::kMaxTitle);
        incident.title = rename->title;
        render_and_check(messages::renamed(incident, "Fuzz", "U1"));
        render_and_check(messages::opening_message(incident, {}));
    }

    // Mentions labelled with names from the users table (any bytes): a
    // lookup that knows nobody changes nothing, and what one that knows
    // everybody gives still reads as valid text and parses.
    require(commands::label_mentions(
                text, [](const std::string&) { return std::optional<std::string>{}; }) == text);
    const auto labelled =
        commands::label_mentions(text, [&](const std::string& id) -> std::optional<std::string> {
            return std::string(text.substr(0, id.size() * 3 % 41));
        });
    const auto shown = commands::plain_text(labelled);
    require(messages::valid_utf8(shown) == shown);
    (void)commands::parse_command(labelled);

    // The other decoders that take bytes from Slack.
    (void)messages::action_ids::decode_role_target(text);
    (void)messages::action_ids::decode_role_block_id(text);
    (void)commands::parse_user_ref(text);
    return 0;
}
