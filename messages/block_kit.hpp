#pragma once
// Block Kit building blocks that respect Slack's limits by construction
// (slack-protocol.md "Block Kit limits"): text is cut at a safe place, never
// left over a limit for Slack to reject.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/slack_message.hpp"

namespace messages::block_kit {

inline constexpr std::size_t kMaxBlocks = 50;
inline constexpr std::size_t kMaxHeader = 150;
inline constexpr std::size_t kMaxSectionText = 3000;
inline constexpr std::size_t kMaxFields = 10;
inline constexpr std::size_t kMaxFieldText = 2000;
inline constexpr std::size_t kMaxButtonText = 75;
inline constexpr std::size_t kMaxButtonValue = 2000;
inline constexpr std::size_t kMaxContextElements = 10;
inline constexpr std::size_t kMaxBlockId = 255;
inline constexpr std::size_t kMaxMessageText = 40000;

// Plain text shown as typed (plain_text never pings); cut to 150 with "…".
nlohmann::json header(std::string_view plain_text);
// mrkdwn, cut safely to 3,000.
nlohmann::json section(std::string_view mrkdwn, std::string_view block_id = {});
// One section per 3,000-character piece of `mrkdwn`: long text is kept whole.
std::vector<nlohmann::json> sections(std::string_view mrkdwn);
// Up to ten mrkdwn fields, each cut safely to 2,000.
nlohmann::json fields(const std::vector<std::string>& mrkdwn_fields);
// One line of small print (a single mrkdwn element).
nlohmann::json context(std::string_view mrkdwn);
nlohmann::json divider();
nlohmann::json actions(std::string_view block_id, nlohmann::json elements);
nlohmann::json button(std::string_view label, std::string_view action_id, std::string_view value);
nlohmann::json users_select(std::string_view action_id, std::string_view placeholder);

// A message of mrkdwn sections; the fallback is the same text, cut.
SlackMessage message(std::string_view mrkdwn);

// Packs whole lines into as few sections as possible (a line longer than a
// section is cut), appending while fewer than 50 - `reserve` blocks are used
// and the sections hold at most `max_chars` in all. Returns how many of
// `lines` made it in.
std::size_t append_lines(nlohmann::json& blocks, const std::vector<std::string>& lines,
                         std::size_t reserve = 0, std::size_t max_chars = 36000);

// The words of a message's blocks (header and section text, fields,
// context) in one mrkdwn section that keeps the first block's block_id,
// the rest of the message as it was: what goes out when Slack refuses the
// blocks themselves (`invalid_blocks`, a rule the renderers missed), so the
// channel still reads it. Buttons and pickers are dropped (the slash
// commands still do what they did); past 3,000 characters the text is cut.
nlohmann::json as_one_section(const nlohmann::json& message);

// Appends `block` unless that would leave no room under the 50-block limit
// for `reserve` more; returns whether it was added.
bool append(nlohmann::json& blocks, nlohmann::json block, std::size_t reserve = 0);

}  // namespace messages::block_kit
