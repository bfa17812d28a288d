#pragma once
// mrkdwn pieces: user text made literal (it can never ping), mentions built
// only from well-formed ids, Slack's localised date tokens, and cutting or
// splitting mrkdwn without breaking an entity (`&amp;`) or a token (`<@U1>`).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace messages {

// `&`, `<`, `>` as entities: `<!channel>` typed by a user shows, never pings.
std::string escape(std::string_view text);

// `<@U123>`; an id that is not a Slack id (letters and digits) is shown
// escaped instead, so stored data can never smuggle a mention in.
std::string user_mention(std::string_view user_id);
// `<!subteam^S123>` for user groups, `<@U123>` otherwise.
std::string contact_mention(std::string_view id);
// `<#C123>`
std::string channel_link(std::string_view channel_id);
// `<url|label>` for an http(s) URL that cannot break out of the link (no
// `|`, `<`, `>` or spaces); otherwise "". `label` is escaped.
std::string web_link(std::string_view url, std::string_view label);

// `<!date^1700000000^{time}|22:13 UTC>`: the reader's local time.
std::string time_token(core::TimePoint t);
// `<!date^1700000000^{date_short} {time}|2023-11-14 22:13 UTC>`
std::string date_time_token(core::TimePoint t);
// The same with how long ago, which Slack keeps current as the message is
// read: `<!date^1700000000^{date_short} {time} ({ago})|2023-11-14 22:13 UTC>`.
std::string date_time_ago_token(core::TimePoint t);

// `text` if it has at most `max` code points, else a prefix ending in "…"
// that does, cut before any unfinished `<…>` or `&…;`.
std::string cut_mrkdwn(std::string_view text, std::size_t max);

// `text` in pieces of at most `max` code points, broken at a newline or a
// space where possible and never inside `<…>` or `&…;`. Nothing is lost.
std::vector<std::string> split_mrkdwn(std::string_view text, std::size_t max);

}  // namespace messages
