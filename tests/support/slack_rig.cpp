#include "tests/support/slack_rig.hpp"

#include <cstdio>
#include <cstdlib>
#include <future>

#include <boost/asio/post.hpp>

namespace test_support {

using namespace std::chrono_literals;

emulator::Options fast_emulator_options() {
    emulator::Options options;
    options.disconnect_close_after = 1s;
    options.redelivery_delay = 500ms;
    options.ping_interval = 1s;
    return options;
}

slack::SocketModeOptions fast_client_options() {
    slack::SocketModeOptions options;
    options.socket.ping_interval = 200ms;
    options.socket.pong_timeout = 400ms;
    options.socket.idle_timeout = 3s;
    options.socket.connect = 2s;
    options.socket.handshake = 2s;
    options.reconnect_initial = 50ms;
    options.reconnect_max = 400ms;
    options.old_connection_grace = 2s;
    options.stop_timeout = 3s;
    return options;
}

SlackRig::SlackRig(emulator::Options emulator_options, slack::SocketModeOptions client_options,
                   std::optional<std::string> app_token)
    : slack(slack_io, clock, emulator_options),
      log(capture_log("transport")),
      slack_work_(slack_io.get_executor()),
      work_(io.get_executor()) {
    slack.listen();
    slack::WebApiOptions web_options;
    web_options.api_url = slack.api_url();
    web_options.bot_token = slack.options().bot_token;
    web_options.app_token = app_token.value_or(slack.options().app_token);
    web_options.retry_initial = 20ms;
    web_options.retry_max = 100ms;
    web = std::make_unique<slack::WebApi>(io, log.logger, web_options);
    client = std::make_unique<slack::SocketModeClient>(io, *web, clock, log.logger, client_options);
    slack_thread_ = std::thread([this] { slack_io.run(); });
    client_thread_ = std::thread([this] { io.run(); });
}

SlackRig::~SlackRig() {
    // The client goes first, on its own thread, so no handler runs half-destroyed.
    on_client_thread([this] {
        client.reset();
        web.reset();
    });
    work_.reset();
    io.stop();
    client_thread_.join();
    slack.stop();
    slack_work_.reset();
    slack_io.stop();
    slack_thread_.join();
    // SLACK_TEST_LOG=1 shows what the transport logged, to debug a failure.
    if (std::getenv("SLACK_TEST_LOG")) std::fprintf(stderr, "%s\n", log.str().c_str());
}

void SlackRig::on_client_thread(const std::function<void()>& f) {
    std::promise<void> done;
    boost::asio::post(io, [&] {
        f();
        done.set_value();
    });
    done.get_future().wait();
}

bool SlackRig::start_and_connect(std::chrono::milliseconds timeout) {
    client->on("slash_commands", [this](const slack::Envelope& envelope, slack::Ack ack) {
        // Recorded before the ack, so a test that saw the ack sees the record.
        {
            std::lock_guard lock(mutex_);
            envelopes_.push_back(envelope.envelope_id);
        }
        ack(nlohmann::json{{"text", "ok " + envelope.payload.value("text", "")}});
    });
    client->on("interactive", [this](const slack::Envelope& envelope, slack::Ack ack) {
        {
            std::lock_guard lock(mutex_);
            envelopes_.push_back(envelope.envelope_id);
        }
        ack();
    });
    client->on("events_api", [this](const slack::Envelope& envelope, slack::Ack ack) {
        {
            std::lock_guard lock(mutex_);
            envelopes_.push_back(envelope.envelope_id);
            events_.push_back(envelope.event_id());
        }
        ack();
    });
    client->on_connected([this](const slack::SocketModeClient::Connected&) {
        std::lock_guard lock(mutex_);
        ++connections_;
    });
    client->on_fatal([this](const core::Error& error) {
        std::lock_guard lock(mutex_);
        fatal_ = error;
    });
    client->start();
    return slack.wait_until([this] { return connections() >= 1; }, timeout);
}

bool SlackRig::stop_client(std::chrono::milliseconds timeout) {
    auto stopped = std::make_shared<std::promise<void>>();
    auto future = stopped->get_future();
    client->stop([stopped] { stopped->set_value(); });
    return future.wait_for(timeout) == std::future_status::ready;
}

std::vector<std::string> SlackRig::handled_envelopes() const {
    std::lock_guard lock(mutex_);
    return envelopes_;
}

std::vector<std::string> SlackRig::handled_events() const {
    std::lock_guard lock(mutex_);
    return events_;
}

int SlackRig::connections() const {
    std::lock_guard lock(mutex_);
    return connections_;
}

std::optional<core::Error> SlackRig::fatal() const {
    std::lock_guard lock(mutex_);
    return fatal_;
}

}  // namespace test_support
