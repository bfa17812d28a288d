#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/required_scopes.hpp"
#include "messages/declare_modal.hpp"

TEST_CASE("the app manifest enables Socket Mode, interactivity and /incident") {
    std::ifstream file(std::string(IB_SOURCE_DIR) + "/slack-app-manifest.json");
    REQUIRE(file.good());
    const auto manifest = nlohmann::json::parse(file, nullptr, false);
    REQUIRE_FALSE(manifest.is_discarded());
    CHECK(manifest.at("settings").at("socket_mode_enabled") == true);
    CHECK(manifest.at("settings").at("interactivity").at("is_enabled") == true);
    const auto& commands = manifest.at("features").at("slash_commands");
    REQUIRE(commands.size() == 1);
    CHECK(commands[0].at("command") == "/incident");
    CHECK(commands[0].at("should_escape") == true);
    CHECK(manifest.at("features").contains("bot_user"));
    // The message shortcut the bot answers, by the callback id it checks.
    const auto& shortcuts = manifest.at("features").at("shortcuts");
    REQUIRE(shortcuts.size() == 1);
    CHECK(shortcuts[0].at("type") == "message");
    CHECK(shortcuts[0].at("callback_id") == messages::kDeclareShortcutCallbackId);
    CHECK(shortcuts[0].at("description").get<std::string>().size() <= 150);
}

TEST_CASE("the manifest turns on the Messages tab, where the app's direct messages land") {
    std::ifstream file(std::string(IB_SOURCE_DIR) + "/slack-app-manifest.json");
    const auto manifest = nlohmann::json::parse(file, nullptr, false);
    REQUIRE_FALSE(manifest.is_discarded());
    // Off, chat.postMessage to a person answers messages_tab_disabled; read
    // only, because nothing in the bot reads what people would write there.
    const auto& app_home = manifest.at("features").at("app_home");
    CHECK(app_home.at("messages_tab_enabled") == true);
    CHECK(app_home.at("messages_tab_read_only_enabled") == true);
}

TEST_CASE("the manifest asks for exactly the bot scopes the code's Web API calls need") {
    std::ifstream file(std::string(IB_SOURCE_DIR) + "/slack-app-manifest.json");
    const auto manifest = nlohmann::json::parse(file, nullptr, false);
    REQUIRE_FALSE(manifest.is_discarded());
    std::set<std::string> declared;
    for (const auto& s : manifest.at("oauth_config").at("scopes").at("bot"))
        declared.insert(s.get<std::string>());
    std::set<std::string> needed{"commands"};  // the slash command itself
    for (const auto scope : bot::kPrivateChannelScopes) needed.insert(std::string(scope));
    for (const auto scope : bot::kEventScopes) needed.insert(std::string(scope));
    for (const auto& method : bot::kWebApiMethodsUsed) {
        const auto scope = bot::scope_for(method);
        REQUIRE_MESSAGE(scope.has_value(), "no scope known for " << method);
        if (!scope->empty()) needed.insert(std::string(*scope));
    }
    CHECK(declared == needed);
}

TEST_CASE("the manifest subscribes to exactly the events that put messages on the timeline") {
    std::ifstream file(std::string(IB_SOURCE_DIR) + "/slack-app-manifest.json");
    const auto manifest = nlohmann::json::parse(file, nullptr, false);
    REQUIRE_FALSE(manifest.is_discarded());
    std::set<std::string> subscribed, handled;
    for (const auto& e : manifest.at("settings").at("event_subscriptions").at("bot_events"))
        subscribed.insert(e.get<std::string>());
    for (const auto e : bot::kBotEvents) handled.insert(std::string(e));
    CHECK(subscribed == handled);
    // Over Socket Mode no request URL is needed, nor allowed to be required.
    CHECK_FALSE(manifest.at("settings").at("event_subscriptions").contains("request_url"));
}
