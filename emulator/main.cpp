// slack-emulator: the emulated Slack as a program, so that a person or a
// script can point the bot (or Slack's own SDKs) at it.
//
//   slack-emulator [--port N] [--rate-limits]
//
//   --port N         listen on 127.0.0.1:N (default: an ephemeral port)
//   --rate-limits    enforce Slack's per-method rate-limit tiers: a call beyond
//                    its tier (1 ≈ 1/min, 2 ≈ 20/min, 3 ≈ 50/min, 4 ≈ 100/min;
//                    chat.postMessage ≈ 1/s per channel with short bursts) gets
//                    HTTP 429, Retry-After and {"ok":false,"error":"ratelimited"}.
//                    Off by default: then only /_emulator/inject makes 429s.
//
// Prints the Web API URL and the two tokens, then serves until killed. The
// workspace starts with users alice and bob and channels #general and #ops
// (both people in both; the bot in neither: it must join or be invited).
//
// Control endpoints on the same port (JSON bodies; users and channels by id
// or by name):
//   GET  /_emulator/state                 bot_user_id, users, channels, open_connections
//   POST /_emulator/users                 {"name","real_name"} -> {"id"}
//   POST /_emulator/slash_command         {"user","channel","text"} -> {"envelope_id"}
//   POST /_emulator/event                 {"event":{…}} -> {"event_id"}
//   POST /_emulator/react, /_emulator/pin {"user","channel","ts","name"(react),"remove"}
//                                         -> {"event_id"} ("" when the app is not in it)
//   POST /_emulator/disconnect            {"reason":"refresh_requested"|"warning"|
//                                          "link_disabled"|…}
//   POST /_emulator/drop                  abrupt TCP close of every Socket Mode connection
//   POST /_emulator/inject                {"method","kind":"rate_limited"|"server_error"|
//                                          "delay"|"drop"|"drop_after_effect","retry_after",
//                                          "status","delay_ms","count"}
//   GET  /_emulator/acks                  [{envelope_id,type,payload,latency_ms,late}]
//   GET  /_emulator/calls?method=M        the Web API call log
//   GET  /_emulator/failures              operation_timeout / dispatch_failed / not_acked
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/clock.hpp"
#include "emulator/slack_emulator.hpp"

int main(int argc, char** argv) {
    unsigned short port = 0;
    bool rate_limits = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            port = static_cast<unsigned short>(std::atoi(argv[++i]));
        } else if (arg == "--rate-limits") {
            rate_limits = true;
        } else {
            std::cerr << "usage: slack-emulator [--port N] [--rate-limits]\n";
            return 2;
        }
    }
    auto logger = spdlog::stderr_color_mt("slack-emulator");
    boost::asio::io_context io;
    core::SystemClock clock;
    emulator::Options options;
    options.control_endpoint = true;
    options.enforce_rate_limits = rate_limits;
    emulator::SlackEmulator slack{io, clock, options, *logger};
    const auto alice = slack.add_user("alice", "Alice");
    const auto bob = slack.add_user("bob", "Bob");
    slack.add_channel("general", {alice, bob});
    slack.add_channel("ops", {alice, bob});
    try {
        slack.listen(port);
    } catch (const std::exception& e) {
        std::cerr << "slack-emulator: cannot listen: " << e.what() << '\n';
        return 1;
    }
    std::cout << "SLACK_API_URL=" << slack.api_url() << '\n'
              << "SLACK_APP_TOKEN=" << slack.options().app_token << '\n'
              << "SLACK_BOT_TOKEN=" << slack.options().bot_token << '\n'
              << "control: " << slack.api_url().substr(0, slack.api_url().size() - 4)
              << "_emulator/state" << std::endl;
    boost::asio::signal_set signals{io, SIGINT, SIGTERM};
    signals.async_wait([&](auto, int) {
        slack.stop();
        io.stop();
    });
    io.run();
    return 0;
}
