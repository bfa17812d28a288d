#include "bot/preflight.hpp"

#include <functional>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

#include <spdlog/sinks/null_sink.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/channel_lookup.hpp"
#include "bot/logging.hpp"
#include "bot/required_scopes.hpp"
#include "core/clock.hpp"
#include "core/escalation.hpp"
#include "slack/socket_mode_client.hpp"
#include "slack/web_api.hpp"
#include "storage/database.hpp"

namespace bot {

namespace {

namespace net = boost::asio;
using nlohmann::json;

class Preflight {
  public:
    Preflight(const Config& config, std::ostream& out)
        : config_(config),
          out_(out),
          log_(make_logger("preflight", std::make_shared<spdlog::sinks::null_sink_mt>(),
                           spdlog::level::off)),
          web_(io_, log_, web_options(config)) {}

    int run() {
        database();
        steps_ = {[this](Next next) { bot_token(std::move(next)); },
                  [this](Next next) { socket_mode(std::move(next)); },
                  [this](Next next) { declare_channel(std::move(next)); },
                  [this](Next next) { announce_channel(std::move(next)); },
                  [this](Next next) { escalation_contacts(std::move(next)); }};
        next_step();
        io_.run();
        return failures_ == 0 ? 0 : 1;
    }

  private:
    using Next = std::function<void()>;

    static slack::WebApiOptions web_options(const Config& config) {
        slack::WebApiOptions o;
        o.api_url = config.api_url;
        o.bot_token = config.bot_token;
        o.app_token = config.app_token;
        o.max_retries = 1;
        return o;
    }

    void line(bool ok, const std::string& what, const std::string& detail) {
        out_ << (ok ? "ok    " : "FAIL  ") << what << ": " << detail << '\n' << std::flush;
        if (!ok) ++failures_;
    }

    void next_step() {
        if (step_ >= steps_.size()) return;
        auto& step = steps_[step_++];
        step([this] { next_step(); });
    }

    void database() {
        auto db = storage::Database::open(config_.db_target());
        if (!db) return line(false, "database", db.error().message);
        line(true, "database",
             db.value()->path() + " opens at schema version " +
                 std::to_string(db.value()->schema_version()));
    }

    void bot_token(Next next) {
        web_.call(std::string(method::kAuthTest), json::object(),
                  [this, next](core::Result<json> r) {
                      if (!r) {
                          line(false, "SLACK_BOT_TOKEN",
                               "auth.test failed (" + r.error().code +
                                   "): use the Bot User OAuth Token (xoxb-…) of the installed app");
                          return next();
                      }
                      line(true, "SLACK_BOT_TOKEN",
                           "the bot is " + r->value("user", std::string("?")) + " in " +
                               r->value("team", std::string("?")));
                      scopes(r->value("x-oauth-scopes", std::string{}));
                      next();
                  });
    }

    void scopes(const std::string& header) {
        std::set<std::string> granted;
        std::stringstream list(header);
        for (std::string s; std::getline(list, s, ',');) {
            std::erase(s, ' ');
            if (!s.empty()) granted.insert(s);
        }
        std::set<std::string> missing;
        for (auto m : kWebApiMethodsUsed) {
            const auto scope = scope_for(m);
            if (scope && !scope->empty() && !granted.count(std::string(*scope)))
                missing.insert(std::string(*scope));
        }
        for (const auto scope : kPrivateChannelScopes)
            if (!granted.count(std::string(scope))) missing.insert(std::string(scope));
        for (const auto scope : kEventScopes)
            if (!granted.count(std::string(scope))) missing.insert(std::string(scope));
        if (missing.empty()) return line(true, "scopes", "every scope the bot uses is granted");
        for (const auto& s : missing)
            line(false, "scopes",
                 "missing " + s + ": add \"" + s +
                     "\" to oauth_config.scopes.bot in slack-app-manifest.json, then reinstall "
                     "the app to the workspace");
    }

    void socket_mode(Next next) {
        slack::SocketModeOptions options;
        options.stop_timeout = std::chrono::seconds(2);
        socket_ = std::make_unique<slack::SocketModeClient>(io_, web_, clock_, log_, options);
        auto finished = std::make_shared<bool>(false);
        auto finish = [this, next, finished](bool ok, const std::string& detail) {
            if (*finished) return;
            *finished = true;
            timer_.cancel();
            line(ok, "SLACK_APP_TOKEN", detail);
            socket_->stop(next);
        };
        socket_->on_connected([finish](const slack::SocketModeClient::Connected&) {
            finish(true, "Socket Mode connected");
        });
        socket_->on_fatal([finish](const core::Error& e) { finish(false, e.message); });
        timer_.expires_after(std::chrono::seconds(15));
        timer_.async_wait([finish](boost::system::error_code ec) {
            if (!ec)
                finish(false,
                       "no Socket Mode connection in 15 s: check that Socket Mode is on in the "
                       "app's settings and that wss-primary.slack.com is reachable");
        });
        socket_->start();
    }

    void declare_channel(Next next) {
        const auto& channel = config_.alert_declare_channel;
        if (channel.empty()) {
            line(true, "ALERT_DECLARE_CHANNEL", "unset: alerts declare nothing");
            return next();
        }
        channel_by_id("ALERT_DECLARE_CHANNEL", channel, std::move(next));
    }

    // INCIDENT_ANNOUNCE_CHANNEL: a #name among the public channels, or an id
    // (a private channel, which the bot must have been invited to).
    void announce_channel(Next next) {
        const auto& channel = config_.announce_channel;
        if (channel.empty()) {
            line(true, "INCIDENT_ANNOUNCE_CHANNEL", "unset: incidents are announced nowhere");
            return next();
        }
        if (!channel.starts_with("#"))
            return channel_by_id("INCIDENT_ANNOUNCE_CHANNEL", channel, next);
        find_public_channel(web_, channel.substr(1), [this, next, channel](core::Result<json> r) {
            if (!r)
                line(false, "INCIDENT_ANNOUNCE_CHANNEL",
                     channel + " (" + r.error().code +
                         "): create it, or name a private channel by its id (C…) and invite the "
                         "bot to it");
            else
                channel_usable("INCIDENT_ANNOUNCE_CHANNEL", *r);
            next();
        });
    }

    void channel_by_id(const std::string& variable, const std::string& channel, Next next) {
        web_.call(std::string(method::kInfo), json{{"channel", channel}},
                  [this, next, variable, channel](core::Result<json> r) {
                      if (!r)
                          line(false, variable,
                               channel + " (" + r.error().code +
                                   "): use the id of a public channel (C…), from the channel's "
                                   "details in Slack, or invite the bot to a private one");
                      else
                          channel_usable(variable, r->value("channel", json::object()));
                      next();
                  });
    }

    // Whether the bot can post in `c` (a conversations.info / list channel object).
    void channel_usable(const std::string& variable, const json& c) {
        const std::string name = "#" + c.value("name", c.value("id", std::string("?")));
        if (c.value("is_archived", false))
            line(false, variable, name + " is archived");
        else if (c.value("is_member", false))
            line(true, variable, name + ": the bot is a member");
        else if (c.value("is_private", false))
            line(false, variable, name + " is private: invite the bot (/invite @incident-bot)");
        else
            line(true, variable, name + ": the bot will join it (channels:join) to post");
    }

    void escalation_contacts(Next next) {
        std::set<std::string> ids;
        for (const auto& policy : config_.runbook.escalation)
            for (const auto& level : policy)
                for (const auto& contact : level.contacts) ids.insert(contact);
        if (ids.empty()) {
            line(true, "ESCALATION_SEV1..4", "no escalation contacts configured");
            return next();
        }
        std::vector<std::string> users, groups;
        for (const auto& id : ids) (core::is_user_group(id) ? groups : users).push_back(id);
        check_groups(std::move(groups), [this, users = std::move(users), next]() mutable {
            check_contact(std::move(users), 0, std::move(next));
        });
    }

    // One usergroups.list for every group id: there, and not disabled.
    void check_groups(std::vector<std::string> ids, Next next) {
        if (ids.empty()) return next();
        web_.call(std::string(method::kUserGroupsList), json{{"include_disabled", true}},
                  [this, ids, next](core::Result<json> r) mutable {
                      for (const auto& id : ids) {
                          if (!r) {
                              line(false, "escalation " + id,
                                   r.error().code == "missing_scope"
                                       ? "cannot list user groups: add \"usergroups:read\" to "
                                         "oauth_config.scopes.bot, then reinstall"
                                       : "usergroups.list failed (" + r.error().code + ")");
                              continue;
                          }
                          std::optional<json> found;
                          const auto groups = r->value("usergroups", json::array());
                          for (const auto& g : groups)
                              if (g.is_object() && g.value("id", std::string{}) == id) found = g;
                          if (!found)
                              line(false, "escalation " + id,
                                   "no such user group; fix ESCALATION_SEV1..4 (a group's id is "
                                   "in its page's ⋮ menu, Copy group ID)");
                          else if (found->value("date_delete", std::int64_t{0}) != 0)
                              line(false, "escalation " + id,
                                   "@" + found->value("handle", id) +
                                       " is disabled: nobody would be paged");
                          else
                              line(true, "escalation " + id, "@" + found->value("handle", id));
                      }
                      next();
                  });
    }

    void check_contact(std::vector<std::string> ids, std::size_t i, Next next) {
        if (i >= ids.size()) return next();
        const auto id = ids[i];
        web_.call(std::string(method::kUsersInfo), json{{"user", id}},
                  [this, ids, i, next, id](core::Result<json> r) mutable {
                      const auto user = r ? r->value("user", json::object()) : json::object();
                      if (!r)
                          line(false, "escalation " + id,
                               r.error().code +
                                   ": no such user; fix ESCALATION_SEV1..4 (user ids "
                                   "are in each profile's ⋮ menu, Copy member ID)");
                      else if (user.value("deleted", false))
                          line(false, "escalation " + id, "deactivated; page someone else");
                      else
                          line(true, "escalation " + id, "@" + user.value("name", id));
                      check_contact(std::move(ids), i + 1, std::move(next));
                  });
    }

    const Config& config_;
    std::ostream& out_;
    net::io_context io_;
    core::SystemClock clock_;
    std::shared_ptr<spdlog::logger> log_;
    slack::WebApi web_;
    std::unique_ptr<slack::SocketModeClient> socket_;
    net::steady_timer timer_{io_};
    std::vector<std::function<void(Next)>> steps_;
    std::size_t step_ = 0;
    int failures_ = 0;
};

}  // namespace

int run_preflight(const Config& config, std::ostream& out) {
    return Preflight(config, out).run();
}

}  // namespace bot
