#pragma once
// `/incident follow`: the reply to the person, and the direct message each
// follower gets when the incident's state changes.
#include <string_view>

#include "commands/decide.hpp"
#include "core/incident.hpp"
#include "messages/slack_message.hpp"

namespace messages {

// `on`: follow (else unfollow); `changed`: false when it was already so.
SlackMessage following_reply(const core::Incident& incident, bool on, bool changed);

// Whether followers hear of this kind of change: the state as a
// stakeholder follows it, not every note or role.
bool tells_followers(commands::Announcement::Kind kind);

// The direct message: which incident (and its channel), what changed as the
// channel was told (`in_channel`), and how to stop them.
SlackMessage follower_message(const core::Incident& incident, const SlackMessage& in_channel);

}  // namespace messages
