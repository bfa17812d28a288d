#include "tests/support/emulator_fixture.hpp"

#include <stdexcept>

namespace test {

emulator::Options fast_emulator_options() {
    emulator::Options o;
    o.ack_deadline = std::chrono::milliseconds(300);
    o.redelivery_delay = std::chrono::milliseconds(200);
    o.ping_interval = std::chrono::milliseconds(100);
    o.disconnect_close_after = std::chrono::milliseconds(200);
    return o;
}

EmulatorFixture::EmulatorFixture(emulator::Options options)
    : slack(io, clock, std::move(options)), work_(boost::asio::make_work_guard(io)) {
    alice = slack.add_user("alice", "Alice Example");
    bob = slack.add_user("bob", "Bob Example");
    slack.add_channel("general", {alice, bob});
    port = slack.listen();
    thread_ = std::thread([this] { io.run(); });
}

EmulatorFixture::~EmulatorFixture() {
    slack.stop();
    work_.reset();
    io.stop();
    thread_.join();
}

HttpReply EmulatorFixture::call(const std::string& method, const nlohmann::json& args,
                                const std::string& token) {
    return http().api(method, args, token.empty() ? slack.options().bot_token : token);
}

std::string EmulatorFixture::socket_url() {
    const auto reply =
        call("apps.connections.open", nlohmann::json::object(), slack.options().app_token);
    const auto body = reply.json();
    if (!body.value("ok", false)) throw std::runtime_error("apps.connections.open: " + reply.body);
    return body.at("url").get<std::string>();
}

std::unique_ptr<WsTestClient> EmulatorFixture::connect() {
    auto ws = std::make_unique<WsTestClient>();
    if (ws->connect(socket_url()) != 101) throw std::runtime_error("socket refused");
    if (!ws->read_type("hello", std::chrono::seconds(2))) throw std::runtime_error("no hello");
    return ws;
}

std::string EmulatorFixture::bot_channel(const std::string& name,
                                         const std::vector<std::string>& members) {
    const auto created = call("conversations.create", {{"name", name}}).json();
    const auto id = created.at("channel").at("id").get<std::string>();
    if (!members.empty()) {
        std::string list;
        for (const auto& m : members) list += (list.empty() ? "" : ",") + m;
        call("conversations.invite", {{"channel", id}, {"users", list}});
    }
    return id;
}

}  // namespace test
