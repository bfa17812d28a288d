#include <doctest/doctest.h>

#include "slack/url.hpp"

TEST_CASE("https and wss URLs parse with their default ports") {
    auto api = slack::parse_url("https://slack.com/api/");
    REQUIRE(api);
    CHECK(api->scheme == "https");
    CHECK(api->host == "slack.com");
    CHECK(api->port == "443");
    CHECK(api->target == "/api/");
    CHECK(api->secure());

    auto link = slack::parse_url("WSS://wss-primary.slack.com/link/?ticket=abc&app_id=A1");
    REQUIRE(link);
    CHECK(link->scheme == "wss");
    CHECK(link->port == "443");
    CHECK(link->target == "/link/?ticket=abc&app_id=A1");

    auto bare = slack::parse_url("https://example.com");
    REQUIRE(bare);
    CHECK(bare->target == "/");
}

TEST_CASE("plain http and ws are accepted only for loopback hosts") {
    CHECK(slack::parse_url("http://127.0.0.1:8080/api/"));
    CHECK(slack::parse_url("ws://127.3.2.1:9/link"));
    CHECK(slack::parse_url("http://localhost/api/"));
    CHECK(slack::parse_url("ws://[::1]:4000/link/?ticket=x"));

    auto remote = slack::parse_url("http://slack.com/api/");
    REQUIRE_FALSE(remote);
    CHECK(remote.error().code == "bad_url");
    CHECK(remote.error().message.find("loopback") != std::string::npos);
    CHECK_FALSE(slack::parse_url("ws://10.0.0.1/link"));
    CHECK_FALSE(slack::parse_url("http://127.0.0.1.evil.com/api/"));
    CHECK_FALSE(slack::parse_url("http://localhost.evil.com/api/"));
}

TEST_CASE("malformed URLs are errors, not crashes") {
    CHECK_FALSE(slack::parse_url(""));
    CHECK_FALSE(slack::parse_url("slack.com/api"));
    CHECK_FALSE(slack::parse_url("ftp://slack.com/"));
    CHECK_FALSE(slack::parse_url("https://"));
    CHECK_FALSE(slack::parse_url("https://slack.com:0/"));
    CHECK_FALSE(slack::parse_url("https://slack.com:99999/"));
    CHECK_FALSE(slack::parse_url("https://slack.com:80a/"));
    CHECK_FALSE(slack::parse_url("https://user:pw@slack.com/"));
    CHECK_FALSE(slack::parse_url("https://[::1/"));
}

TEST_CASE("IPv6 literals keep their port and authority brackets") {
    auto url = slack::parse_url("http://[::1]:8080/api/");
    REQUIRE(url);
    CHECK(url->host == "::1");
    CHECK(url->port == "8080");
    CHECK(url->authority() == "[::1]:8080");
}

TEST_CASE("a redacted URL hides the Socket Mode ticket and response_url secrets") {
    auto link = slack::parse_url("wss://wss.slack.com/link/?ticket=SECRET&app_id=A1");
    REQUIRE(link);
    CHECK(link->redacted() == "wss://wss.slack.com:443/link/");
    auto response = slack::parse_url("https://hooks.slack.com/commands/T1/123/SECRET");
    REQUIRE(response);
    CHECK(response->redacted().find("SECRET") == std::string::npos);
    auto actions = slack::parse_url("https://hooks.slack.com/actions/T1/123/SECRET");
    REQUIRE(actions);
    CHECK(actions->redacted().find("SECRET") == std::string::npos);
}

TEST_CASE("API method URLs join onto the base with exactly one slash") {
    CHECK(slack::join_api_url("https://slack.com/api/", "chat.postMessage") ==
          "https://slack.com/api/chat.postMessage");
    CHECK(slack::join_api_url("http://127.0.0.1:1/api", "auth.test") ==
          "http://127.0.0.1:1/api/auth.test");
}
