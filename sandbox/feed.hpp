#pragma once
// What a person in Slack notices after doing something: the ephemeral reply
// to them, new messages in channels they are in, what the app sent them in a
// direct message, and edits of messages they already saw. The feed remembers
// what was shown so each thing appears once.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "sandbox/block_kit_text.hpp"

namespace sandbox {

// "1700000000.000200" -> (1700000000, 200): orders ts values numerically.
std::pair<std::int64_t, std::int64_t> ts_order(std::string_view ts);

// "14:05" (UTC) for a message ts.
std::string ts_clock_time(std::string_view ts);

class Feed {
  public:
    Feed(emulator::SlackEmulator& slack, const core::Clock& clock, std::ostream& out,
         TextStyle style);

    // Prints what `viewer` (a user id) has not seen yet, and marks everything
    // in the workspace seen, including what other users could see; but the
    // app's DMs with other people wait unseen until that person looks.
    void show_news(const std::string& viewer, const std::vector<std::string>& all_users);

    // Marks everything seen without printing (after seeding the workspace),
    // except the app's DMs: only their person sees those.
    void mark_seen(const std::vector<std::string>& all_users);

    // `#ops · alice · 14:05` then the message, indented.
    void print_message(const std::string& channel_name, const emulator::Message& message,
                       std::string_view tag = {});

    // `── DM · incident-bot → you (@alice) · 14:05 ──` then the message,
    // indented: what the app sent `viewer` in its DM with them.
    void print_direct(const std::string& viewer, const emulator::Message& message,
                      std::string_view tag = {});

    // A reply only `viewer` sees, e.g. the payload of the bot's ack.
    void print_ephemeral(const std::string& channel_id, const std::string& text,
                         const nlohmann::json& blocks, bool replaced = false);

    // A style whose `now` is the clock's.
    TextStyle style() const;

  private:
    struct Seen {
        std::string rendered;
        // The message as Slack holds it: only a change here is an edit. The
        // rendering alone also changes as the clock moves (a date token shows
        // "Dec 7, 2026" once that is no longer today, `{ago}` ages).
        std::string raw;
    };
    void print_block(std::string_view heading, const std::string& body);
    std::string direct_heading(const std::string& viewer, const emulator::Message& message,
                               std::string_view tag) const;

    emulator::SlackEmulator& slack_;
    const core::Clock& clock_;
    std::ostream& out_;
    TextStyle style_;
    // user id -> ephemeral ts -> Slack's copy (text and blocks) as last seen: a
    // response_url may replace it
    std::map<std::string, std::map<std::string, std::string>> ephemerals_seen_;
    std::map<std::pair<std::string, std::string>, Seen> seen_;  // (channel, ts)
};

}  // namespace sandbox
