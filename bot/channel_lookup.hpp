#pragma once
// A channel named in the configuration by `#name` found in Slack: among the
// public channels, page by page (conversations.list). A private channel is
// named by its id instead, and needs no groups:read.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "slack/web_api.hpp"

namespace bot {

// `found` gets the channel object (id, name, is_member, is_archived, …), or
// `channel_not_found`, or the Web API's error. `name` is without the '#'.
void find_public_channel(slack::WebApi& web, std::string name,
                         std::function<void(core::Result<nlohmann::json>)> found,
                         std::string cursor = {});

}  // namespace bot
