#pragma once
// Stakeholder updates drafted from the incident, following the runbooks'
// templates: internal (the company) and external (customers). The caller sees
// the draft with buttons to post it; posting re-renders it from the incident
// as it is then.
#include <string>
#include <string_view>

#include "commands/command.hpp"
#include "core/incident.hpp"
#include "messages/incident_text.hpp"
#include "messages/slack_message.hpp"

namespace messages {

struct CommsFacts {
    // The status field of the last status update (all of a free-text one),
    // as typed; empty: none yet. Only the company's draft shows it.
    std::string update_status;
    // The impact field of the last status update (`impact: …`), as typed;
    // empty: none. The impact recorded with `/incident impact` comes first.
    std::string update_impact;
    std::string status_page_url;  // STATUS_PAGE_URL; empty: not configured
    UpdateSchedule schedule;      // cadence and next update due
};

// The draft as it is shown and copied (no buttons).
SlackMessage comms_draft(const core::Incident& incident, commands::Audience audience,
                         const CommsFacts& facts);
// The draft as the bot posts it for `posted_by` (a user id): the same, with
// a line naming who sent it out.
SlackMessage comms_post(const core::Incident& incident, commands::Audience audience,
                        const CommsFacts& facts, std::string_view posted_by);

// The draft as the caller sees it: the same, plus [ Post to the announcement
// channel ] (when one is configured) and [ Post here ].
SlackMessage comms_draft_reply(const core::Incident& incident, commands::Audience audience,
                               const CommsFacts& facts, bool announce_channel);

std::string_view audience_key(commands::Audience audience);  // "internal" / "external"

// What the draft becomes once its button was clicked (its buttons gone):
// posted `where` ("in the incident channel") at `at`, or, when `again`, not
// posted because it already was, with nothing recorded since.
SlackMessage comms_posted_reply(const core::Incident& incident, commands::Audience audience,
                                std::string_view where, core::TimePoint at, bool again);

}  // namespace messages
