#include <doctest/doctest.h>

#include <atomic>
#include <mutex>

#include "emulator/request_body.hpp"
#include "slack/web_api.hpp"
#include "tests/support/slack_stub_server.hpp"
#include "tests/support/slack_test_io.hpp"

using nlohmann::json;
using namespace std::chrono_literals;
using test_support::StubReply;
using test_support::StubRequest;

namespace {

constexpr const char* kBotToken = "xoxb-secret-bot-token";
constexpr const char* kAppToken = "xapp-secret-app-token";

slack::WebApiOptions options_for(const test_support::StubHttpServer& server) {
    slack::WebApiOptions options;
    options.api_url = server.base_url();
    options.bot_token = kBotToken;
    options.app_token = kAppToken;
    options.retry_initial = 10ms;
    options.retry_max = 40ms;
    options.timeouts.exchange = 2s;
    return options;
}

// Collects results in completion order.
struct Results {
    std::vector<std::pair<std::string, core::Result<json>>> done;
    slack::WebApi::Callback expect(std::string name) {
        return
            [this, name](core::Result<json> result) { done.emplace_back(name, std::move(result)); };
    }
    std::size_t size() const { return done.size(); }
};

// The arguments of a Web API request, form-encoded or JSON.
json args_of(const StubRequest& request) {
    if (request.content_type.starts_with("application/json")) return json::parse(request.body);
    return emulator::parse_form(request.body);
}

}  // namespace

TEST_CASE(
    "a Web API call with Block Kit posts JSON with the bot token and returns Slack's answer") {
    test_support::StubHttpServer server([](const StubRequest&) {
        return test_support::answer(200, R"({"ok":true,"channel":"C1","ts":"1.000100"})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    const json args{
        {"channel", "C1"}, {"text", "hi ✓"}, {"blocks", json::array({{{"type", "divider"}}})}};
    api.call("chat.postMessage", args, results.expect("post"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));

    auto& result = results.done[0].second;
    REQUIRE(result);
    CHECK(result->at("ts") == "1.000100");
    auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].target == "/api/chat.postMessage");
    CHECK(requests[0].authorization == std::string("Bearer ") + kBotToken);
    CHECK(requests[0].content_type == "application/json; charset=utf-8");
    CHECK(json::parse(requests[0].body) == args);
}

TEST_CASE("the message Slack echoes in its answer is dropped and everything else is kept") {
    // chat.postMessage answers with the whole message posted, last here.
    test_support::StubHttpServer server([](const StubRequest&) {
        return test_support::answer(
            200, R"({"ok":true,"channel":{"id":"C1","message":"kept"},"ts":"1.000100",)"
                 R"("messages":[{"ts":"1.0"}],"message":{"text":"hi","blocks":[{"type":)"
                 R"("divider","block_id":"b"}],"ts":"1.000100"}})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, results.expect("post"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    auto& result = results.done[0].second;
    REQUIRE(result);
    CHECK(*result == json::parse(R"({"ok":true,"channel":{"id":"C1","message":"kept"},)"
                                 R"("ts":"1.000100","messages":[{"ts":"1.0"}]})"));
}

TEST_CASE("flat arguments go form-encoded, which read methods such as users.list require") {
    test_support::StubHttpServer server([](const StubRequest&) {
        return test_support::answer(200, R"({"ok":true,"members":[]})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("conversations.history",
             {{"channel", "C1"},
              {"oldest", "1700000000"},
              {"limit", 200},
              {"inclusive", false},
              {"q", "a&b=c ✓"}},
             results.expect("history"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].content_type == "application/x-www-form-urlencoded");
    CHECK(requests[0].body ==
          "channel=C1&inclusive=false&limit=200&oldest=1700000000&q=a%26b%3Dc%20%E2%9C%93");
}

TEST_CASE("ok:false comes back as a typed error carrying Slack's error name") {
    test_support::StubHttpServer server([](const StubRequest&) {
        return test_support::answer(200, R"({"ok":false,"error":"channel_not_found"})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("chat.postMessage", {{"channel", "C404"}}, results.expect("post"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    auto& result = results.done[0].second;
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "channel_not_found");
    CHECK(result.error().message.find("chat.postMessage") != std::string::npos);
    CHECK(server.requests().size() == 1);  // a Slack error is an answer, not retried
}

TEST_CASE("apps.connections.open carries the app token, response_url no token at all") {
    test_support::StubHttpServer server([](const StubRequest& request) {
        if (request.target == "/hook/T1/secret") return test_support::answer(200, "ok");
        return test_support::answer(200, R"({"ok":true,"url":"ws://127.0.0.1:1/link"})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("apps.connections.open", json::object(), results.expect("open"),
             {"", slack::Token::App});
    api.post_json("http://127.0.0.1:" + std::to_string(server.port()) + "/hook/T1/secret",
                  {{"text", "done"}}, results.expect("response_url"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 2; }));
    for (auto& [name, result] : results.done) {
        CAPTURE(name);
        CHECK(result);
    }
    for (const auto& request : server.requests()) {
        if (request.target == "/hook/T1/secret") {
            CHECK(request.authorization.empty());
            CHECK(json::parse(request.body) == json{{"text", "done"}});
        } else {
            CHECK(request.authorization == std::string("Bearer ") + kAppToken);
        }
    }
}

TEST_CASE("a response_url's plain-text refusal comes back as its error name") {
    test_support::StubHttpServer server(
        [](const StubRequest&) { return test_support::answer(404, "expired_url"); });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.post_json("http://127.0.0.1:" + std::to_string(server.port()) + "/commands/T1/1/x",
                  {{"text", "late"}}, results.expect("late"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    REQUIRE_FALSE(results.done[0].second);
    CHECK(results.done[0].second.error().code == "expired_url");
}

TEST_CASE("a 429 is retried once after Retry-After while the channel's later calls wait") {
    std::atomic<int> first_attempts{0};
    test_support::StubHttpServer server([&](const StubRequest& request) {
        auto body = args_of(request);
        if (body.at("text") == "1" && first_attempts++ == 0) {
            return test_support::answer(429, R"({"ok":false,"error":"ratelimited"})",
                                        {{"Retry-After", "1"}});
        }
        return test_support::answer(200, json{{"ok", true}, {"text", body.at("text")}}.dump());
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    for (std::string text : {"1", "2", "3"}) {
        api.call("chat.postMessage", {{"channel", "C1"}, {"text", text}}, results.expect(text),
                 {"C1"});
    }
    api.call("chat.postMessage", {{"channel", "C2"}, {"text", "other"}}, results.expect("other"),
             {"C2"});
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 4; }));

    std::vector<std::string> order;
    for (auto& [name, result] : results.done) {
        CHECK(result);
        order.push_back(name);
    }
    // Another channel is not held up; this channel keeps its order.
    CHECK(order == std::vector<std::string>{"other", "1", "2", "3"});
    std::vector<StubRequest> ones, twos;
    for (const auto& request : server.requests()) {
        auto text = args_of(request).at("text");
        if (text == "1") ones.push_back(request);
        if (text == "2") twos.push_back(request);
    }
    REQUIRE(ones.size() == 2);  // retried exactly once
    CHECK(ones[1].at - ones[0].at >= 1s);
    REQUIRE(twos.size() == 1);
    CHECK(twos[0].at >= ones[1].at);
    CHECK(log.str().find("rate limited") != std::string::npos);
}

TEST_CASE("5xx answers are retried with backoff, then surfaced as http_503") {
    test_support::StubHttpServer server([](const StubRequest&) {
        return test_support::answer(503, "<html>Service Unavailable</html>");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    auto options = options_for(server);
    options.max_retries = 2;
    slack::WebApi api(io, log.logger, options);
    Results results;
    api.call("conversations.create", {{"name", "x"}}, results.expect("create"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    auto& result = results.done[0].second;
    REQUIRE_FALSE(result);
    CHECK(result.error().code == "http_503");
    CHECK(server.requests().size() == 3);
}

TEST_CASE("a 5xx followed by success returns the answer") {
    std::atomic<int> calls{0};
    test_support::StubHttpServer server([&](const StubRequest&) {
        if (calls++ == 0) return test_support::answer(500, "oops");
        return test_support::answer(200, R"({"ok":true,"channel":{"id":"C9"}})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("conversations.create", {{"name", "x"}}, results.expect("create"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    REQUIRE(results.done[0].second);
    CHECK(results.done[0].second->at("channel").at("id") == "C9");
}

TEST_CASE("a dropped connection is retried, then surfaced as a network error") {
    test_support::StubHttpServer server([](const StubRequest&) {
        StubReply reply;
        reply.drop = true;
        return reply;
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    auto options = options_for(server);
    options.max_retries = 1;
    slack::WebApi api(io, log.logger, options);
    Results results;
    api.call("chat.update", {{"channel", "C1"}}, results.expect("update"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    REQUIRE_FALSE(results.done[0].second);
    CHECK(results.done[0].second.error().code == "network");
    CHECK(server.requests().size() == 2);
}

TEST_CASE("a post that must not happen twice is not retried after a lost answer or a 5xx") {
    std::atomic<int> calls{0};
    test_support::StubHttpServer server([&](const StubRequest&) {
        StubReply reply;
        if (calls++ == 0) {
            reply.drop = true;  // Slack may have posted it; nobody knows
            return reply;
        }
        return test_support::answer(502, "<html>Bad Gateway</html>");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    slack::CallOptions once;
    once.idempotent = false;
    api.call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, results.expect("a"), once);
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    CHECK(results.done[0].second.error().code == "network");
    api.call("chat.postMessage", {{"channel", "C1"}, {"text", "hi"}}, results.expect("b"), once);
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 2; }));
    CHECK(results.done[1].second.error().code == "http_502");
    CHECK(server.requests().size() == 2);
}

TEST_CASE("a server that never answers times out instead of hanging the call") {
    test_support::StubHttpServer server([](const StubRequest&) {
        StubReply reply;
        reply.delay = 1500ms;
        return reply;
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    auto options = options_for(server);
    options.max_retries = 0;
    options.timeouts.exchange = 200ms;
    slack::WebApi api(io, log.logger, options);
    Results results;
    api.call("users.list", json::object(), results.expect("users"));
    REQUIRE(test_support::run_until(
        io, [&] { return results.size() == 1; }, 5s));
    REQUIRE_FALSE(results.done[0].second);
    CHECK(results.done[0].second.error().code == "network");
}

TEST_CASE("sequential calls reuse one kept-alive connection") {
    test_support::StubHttpServer server([](const StubRequest&) { return StubReply{}; });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    for (int i = 0; i < 5; ++i) {
        api.call("pins.add", {{"n", i}}, results.expect(std::to_string(i)), {"C1"});
    }
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 5; }));
    CHECK(server.connections() == 1);
}

TEST_CASE("tokens appear in neither errors nor logs") {
    test_support::StubHttpServer server([](const StubRequest& request) {
        if (request.target == "/api/auth.test") return test_support::answer(500, "down");
        return test_support::answer(200, R"({"ok":false,"error":"invalid_auth"})");
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    auto options = options_for(server);
    options.max_retries = 1;
    slack::WebApi api(io, log.logger, options);
    Results results;
    api.call("auth.test", json::object(), results.expect("a"));
    api.call("apps.connections.open", json::object(), results.expect("b"), {"", slack::Token::App});
    api.post_json("http://127.0.0.1:1/commands/T1/1/" + std::string(kBotToken), json::object(),
                  results.expect("c"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 3; }));
    for (auto& [name, result] : results.done) {
        REQUIRE_FALSE(result);
        CHECK(result.error().message.find("secret") == std::string::npos);
    }
    CHECK(log.str().find("secret") == std::string::npos);
}

TEST_CASE("plain http to a non-loopback host is refused before anything is sent") {
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApiOptions options;
    options.api_url = "http://slack.example.com/api/";
    slack::WebApi api(io, log.logger, options);
    Results results;
    api.call("auth.test", json::object(), results.expect("a"));
    REQUIRE(test_support::run_until(io, [&] { return results.size() == 1; }));
    REQUIRE_FALSE(results.done[0].second);
    CHECK(results.done[0].second.error().code == "bad_url");
}

TEST_CASE("when_idle reports once every pending call has completed") {
    test_support::StubHttpServer server([](const StubRequest&) {
        StubReply reply;
        reply.delay = 50ms;
        return reply;
    });
    boost::asio::io_context io;
    auto log = test_support::capture_log();
    slack::WebApi api(io, log.logger, options_for(server));
    Results results;
    api.call("a.b", json::object(), results.expect("1"));
    api.call("a.b", json::object(), results.expect("2"));
    CHECK(api.pending() == 2);
    std::optional<bool> idle;
    api.when_idle(5s, [&](bool value) { idle = value; });
    REQUIRE(test_support::run_until(io, [&] { return idle.has_value(); }));
    CHECK(*idle);
    CHECK(results.size() == 2);
    CHECK(api.pending() == 0);
}
