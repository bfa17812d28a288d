#pragma once
// Envelope type (and, inside `interactive`, payload type) to the component
// that handles it. Payloads are parsed into typed values here; one that does
// not parse is acked, logged and dropped, and the bot carries on.
#include <memory>

#include <spdlog/logger.h>

#include "bot/declare_modal.hpp"
#include "bot/role_buttons.hpp"
#include "bot/slash_commands.hpp"
#include "bot/timeline_marks.hpp"
#include "slack/socket_mode_client.hpp"

namespace bot {

class Router {
  public:
    Router(SlashCommands& slash_commands, RoleButtons& role_buttons,
           ViewSubmissions& view_submissions, TimelineMarks& timeline_marks,
           std::shared_ptr<spdlog::logger> logger)
        : slash_commands_(slash_commands),
          role_buttons_(role_buttons),
          view_submissions_(view_submissions),
          timeline_marks_(timeline_marks),
          log_(std::move(logger)) {}

    // Registers a handler for each envelope type the bot knows.
    void attach(slack::SocketModeClient& client);

    void on_slash_command(const slack::Envelope& envelope, slack::Ack ack);
    void on_interactive(const slack::Envelope& envelope, slack::Ack ack);
    void on_event(const slack::Envelope& envelope, slack::Ack ack);

  private:
    SlashCommands& slash_commands_;
    RoleButtons& role_buttons_;
    ViewSubmissions& view_submissions_;
    TimelineMarks& timeline_marks_;
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace bot
