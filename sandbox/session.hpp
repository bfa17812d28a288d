#pragma once
// The sandbox's terminal: a person types what they would type in Slack (or a
// sandbox verb such as `as @bob` or `wait 15m`); the session acts through the
// emulated Slack's driving API and prints what that person would see.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"
#include "sandbox/feed.hpp"
#include "sandbox/form.hpp"
#include "sandbox/script.hpp"

namespace sandbox {

struct SessionOptions {
    bool echo_input = false;  // scripts: print each line after a prompt, as a transcript
    bool colour = false;      // ANSI emphasis; only when the output is a terminal
    // Blocks until the bot has finished the work caused by the last action
    // (acks sent, outbox drained, timers that fell due fired). Empty: no bot.
    std::function<void()> settle;
    // How long a slash command or click waits for the bot's ack (Slack: 3 s).
    std::chrono::milliseconds ack_timeout{3000};
    // The bot's next timer (reminder, escalation, post-mortem): `wait` stops
    // at each one on its way, so every nudge shows at its own time. Empty: none.
    std::function<std::optional<core::TimePoint>()> next_due;
};

// Users and channels the session seeds: alice, bob, carol, dave; #general and
// #ops with everyone. The session starts as @alice in #ops.
inline const std::vector<std::string> kSeedUsers = {"alice", "bob", "carol", "dave"};

// The escalation the sandbox runs when ESCALATION_SEV* sets none (SEV1 and
// SEV2): who is paged, counted from the moment the respond-within time runs
// out (SEV1 5 min, SEV2 15 min after declaring).
inline const std::vector<std::pair<std::chrono::seconds, std::string>> kDemoEscalation = {
    {std::chrono::minutes(0), "bob"},
    {std::chrono::minutes(15), "carol"},
    {std::chrono::minutes(30), "dave"}};
inline constexpr const char* kDemoEscalationNote =
    "Escalation: a SEV1 or SEV2 nobody acknowledges pages @bob when its respond-within time\n"
    "(5 or 15 min) runs out, @carol 15 min later, @dave after 30 (`wait 6m` shows it).";

class Session {
  public:
    Session(emulator::SlackEmulator& slack, core::ManualClock& clock, std::ostream& out,
            SessionOptions options);

    // Acts on one typed line; false when the person asked to quit.
    bool handle_line(const std::string& line);

    // "alice in #ops> "
    std::string prompt() const;
    // A few lines saying where the person is and how to start.
    void print_welcome();

    const std::string& user_id() const { return user_id_; }
    const std::string& channel_id() const { return channel_id_; }
    std::optional<std::string> user_id_of(std::string_view name) const;

  private:
    void run(const SlashCommand& a);
    void run(const SwitchUser& a);
    void run(const SwitchChannel& a);
    void run(const ListChannels& a);
    void run(const ShowChannel& a);
    void run(const ClickButton& a);
    void run(const PickUser& a);
    void run(const Say& a);
    void run(const MarkMessage& a);
    void run(const ArchiveChannel& a);
    void run(const RemoveMember& a);
    void run(const ShowDms& a);
    void run(const Wait& a);
    void run(const ListUsers& a);
    void run(const Help& a);
    void run(const Quit&) {}
    void run(const Comment&) {}

    std::string add_person(const std::string& name);
    std::string channel_name(const std::string& id) const;
    std::optional<std::string> name_of(std::string_view user_id) const;
    // Waits for the bot's ack and its follow-up work, then shows the news.
    void after_interaction(const std::string& envelope_id, std::string_view what);
    void settle_and_show();
    // A line typed while a form is open: the answer to its question.
    void answer_form(const std::string& line);
    // `quit`, `exit` or a `/incident` command typed while a form is open:
    // the form closes and the line runs as typed.
    static bool leaves_form(const std::string& line);
    void fail(const std::string& message);
    // Slack has no message box in an archived channel: a failure line when
    // the current one is archived.
    bool refuse_if_archived();
    std::vector<std::string> user_ids() const;

    emulator::SlackEmulator& slack_;
    core::ManualClock& clock_;
    std::ostream& out_;
    SessionOptions options_;
    std::map<std::string, std::string, std::less<>> ids_;    // name -> user id
    std::map<std::string, std::string, std::less<>> names_;  // user id -> name
    std::string user_id_;
    std::string channel_id_;
    std::size_t views_shown_ = 0;  // modals the bot opened that were described already
    std::optional<Form> form_;     // a modal being filled in: lines answer it
    // What the last `show` numbered ([1] = its newest), so that `react 2`
    // still means that message after more arrive.
    std::string shown_channel_;
    std::vector<std::string> shown_ts_;
    Feed feed_;
};

}  // namespace sandbox
