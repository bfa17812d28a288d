#pragma once
// Ephemeral replies to the person who typed `/incident …`.
#include <optional>
#include <span>
#include <string_view>

#include "core/clock.hpp"
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// Usage of every subcommand.
SlackMessage help_reply();
// Open incidents: key, title, severity, state, channel, age. Newest last is
// the caller's choice; the order given is kept. `total` (at least the number
// given) counts those the caller did not read, for "…and N more". A private
// incident is named only to someone asking from its own channel
// (`viewer_channel`); elsewhere it is only counted.
SlackMessage list_reply(std::span<const core::Incident> open_incidents, core::TimePoint now,
                        std::size_t total = 0, std::string_view viewer_channel = {});
// Severity, state, roles, last update, next update due.
SlackMessage status_reply(const core::Incident& incident, const UpdateSchedule& schedule,
                          core::TimePoint now);
// "Declaring INC-2026-001 — your channel is being created…"
SlackMessage declaring_reply(const core::Incident& incident);
// "INC-2026-001 is open in <#C…>"
SlackMessage channel_link_reply(const core::Incident& incident);
// One line, as given (escaped): the parser's and the bot's error messages.
SlackMessage error_reply(std::string_view message);
// A role given to a plain `@name` the bot does not know yet: stored, and
// carried out once Slack says who that is.
SlackMessage role_lookup_reply(core::Role role, std::string_view name);
// An action item whose owner is a plain @name not seen before.
SlackMessage owner_lookup_reply(std::string_view name);
// For a subcommand typed outside an incident channel.
SlackMessage not_in_incident_channel_reply(std::string_view command_name);
// A change typed elsewhere for a named incident (`/incident INC-2026-001
// postmortem done <link>`): the person does not see its channel take it.
SlackMessage named_change_reply(const core::Incident& incident, std::string_view command_name);
// A change made, but not quite as asked (a next update past the cadence):
// one line, as given (escaped), after `done` when there is one.
SlackMessage notice_reply(std::string_view notice,
                          const std::optional<SlackMessage>& done = std::nullopt);

}  // namespace messages
