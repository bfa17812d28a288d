#include "bot/config.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <boost/asio/ip/address.hpp>

#include "core/duration.hpp"
#include "slack/tls.hpp"
#include "slack/url.hpp"
#include "storage/dialect.hpp"

namespace bot {

namespace {

using core::Severity;

constexpr core::PerSeverity<const char*> kCadenceDefaults{"15m", "30m", "off", "off"};
constexpr core::PerSeverity<const char*> kRespondWithinDefaults{"5m", "15m", "1h", "off"};
constexpr core::PerSeverity<const char*> kPostmortemDefaults{"24h", "48h", "off", "off"};

core::Error bad(const std::string& variable, const std::string& what) {
    return core::make_error("bad_config", variable + ": " + what);
}

std::string suffixed(const char* prefix, Severity s) {
    return std::string(prefix) + std::string(core::to_string(s));
}

core::Result<core::OptionalDuration> duration_or_off(const Env& env, const std::string& variable,
                                                     const char* fallback) {
    const std::string value = env.get(variable).value_or(fallback);
    if (value == "off") return core::OptionalDuration{};
    if (auto d = core::parse_duration(value)) return core::OptionalDuration{*d};
    return bad(variable, "`" + value + "` is not a duration; use e.g. 90s, 15m, 1h, 1h30m or off");
}

core::Result<std::string> token(const Env& env, const std::string& variable,
                                const std::string& prefix, const std::string& what) {
    const auto value = env.get(variable);
    if (!value || value->empty())
        return bad(variable, "required: " + what +
                                 ". To try the bot without Slack, run `incident-bot --sandbox`");
    if (value->rfind(prefix, 0) != 0 || value->size() <= prefix.size())
        return bad(variable,
                   "must start with " + prefix + " (" + what + "); the value given does not");
    for (unsigned char c : *value)
        if (c <= ' ' || c >= 0x7f)
            return bad(variable, "contains spaces or control characters; paste the token alone");
    return *value;
}

// What would keep SQLite from making or opening the file at `path`, said
// before start-up instead of as SQLite's "unable to open database file".
std::optional<std::string> database_file_problem(const std::string& path) {
    namespace fs = std::filesystem;
    if (path == ":memory:") return std::nullopt;
    std::error_code ec;
    const fs::path file(path);
    if (fs::is_directory(file, ec))
        return "`" + path + "` is a directory: name a file in it, such as " +
               (file / "incidents.db").string();
    const auto dir = file.parent_path();
    if (!dir.empty() && !fs::is_directory(dir, ec))
        return "the directory `" + dir.string() +
               "` does not exist: create it, or name a file in a directory that exists";
    return std::nullopt;
}

std::optional<spdlog::level::level_enum> parse_level(const std::string& s) {
    if (s == "trace") return spdlog::level::trace;
    if (s == "debug") return spdlog::level::debug;
    if (s == "info") return spdlog::level::info;
    if (s == "warn" || s == "warning") return spdlog::level::warn;
    if (s == "error") return spdlog::level::err;
    return std::nullopt;
}

std::optional<std::size_t> parse_count(const std::string& s) {
    if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return static_cast<std::size_t>(std::stoull(s));
}

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

core::Result<bool> load_ops(const Env& env, Config& c, Mode mode) {
    // The sandbox's listener takes any free loopback port unless told one:
    // a bot already running on this machine (or a second sandbox) keeps 9187.
    const auto set = env.get("HTTP_ADDR");
    c.http_addr_default = !set;
    const bool sandbox_default = mode == Mode::Sandbox && !set;
    const std::string addr = set.value_or("127.0.0.1:9187");
    if (addr == "off") {
        c.http_enabled = false;
    } else {
        const auto colon = addr.rfind(':');
        std::string host = colon == std::string::npos ? "" : addr.substr(0, colon);
        if (host.size() > 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        std::size_t port = 0;
        if (colon != std::string::npos) port = parse_count(addr.substr(colon + 1)).value_or(0);
        boost::system::error_code ec;
        if (host != "localhost") boost::asio::ip::make_address(host, ec);
        if (host.empty() || ec || port == 0 || port > 65535)
            return bad("HTTP_ADDR", "`" + addr +
                                        "` is not host:port (e.g. 127.0.0.1:9187, 0.0.0.0:9187, "
                                        "[::1]:9187) or off");
        c.http_host = host == "localhost" ? "127.0.0.1" : host;
        c.http_port = static_cast<unsigned short>(port);
        if (sandbox_default) c.http_port = 0;
    }
    c.http_token = env.get("HTTP_TOKEN").value_or("");
    if (c.http_enabled && !is_loopback(c.http_host) && c.http_token.empty())
        return bad("HTTP_TOKEN",
                   "required when HTTP_ADDR is not a loopback address (" + c.http_host +
                       "): set a long random bearer token, or bind HTTP_ADDR to 127.0.0.1");
    const auto count = [&](const char* variable, std::size_t fallback, std::size_t min,
                           std::size_t& out) -> core::Result<bool> {
        const auto text = env.get(variable);
        if (!text) {
            out = fallback;
            return true;
        }
        const auto n = parse_count(*text);
        if (!n || *n < min)
            return bad(variable,
                       "`" + *text + "` is not a whole number of at least " + std::to_string(min));
        out = *n;
        return true;
    };
    if (auto r = count("HTTP_MAX_BODY_BYTES", 1 << 20, 1024, c.http_max_body); !r) return r;
    if (auto r = count("HTTP_MAX_CONNECTIONS", 256, 1, c.http_max_connections); !r) return r;
    const std::string read_timeout = env.get("HTTP_READ_TIMEOUT").value_or("10s");
    const auto timeout = core::parse_duration(read_timeout);
    if (!timeout || *timeout <= std::chrono::seconds(0))
        return bad("HTTP_READ_TIMEOUT", "`" + read_timeout + "` is not a duration such as 10s");
    c.http_read_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*timeout);

    c.alertmanager_token = env.get("ALERTMANAGER_TOKEN").value_or("");
    c.alert_declare_channel = env.get("ALERT_DECLARE_CHANNEL").value_or("");
    c.alert_severity.label = env.get("ALERT_SEVERITY_LABEL").value_or("severity");
    if (c.alert_severity.label.empty()) return bad("ALERT_SEVERITY_LABEL", "must not be empty");
    if (const auto map = env.get("ALERT_SEVERITY_MAP")) {
        auto parsed = alerts::parse_severity_map(*map);
        if (!parsed) return bad("ALERT_SEVERITY_MAP", parsed.error().message);
        c.alert_severity.map = std::move(parsed.value());
    }
    const std::string fallback = env.get("ALERT_DEFAULT_SEVERITY").value_or("SEV3");
    const auto severity = core::parse_severity(fallback);
    if (!severity)
        return bad("ALERT_DEFAULT_SEVERITY", "`" + fallback + "` is not SEV1..SEV4 (or P0..P3)");
    c.alert_severity.fallback = *severity;
    const std::string resolve = env.get("ALERT_AUTO_RESOLVE").value_or("false");
    if (resolve != "true" && resolve != "false")
        return bad("ALERT_AUTO_RESOLVE", "`" + resolve + "` is not true or false");
    c.alert_auto_resolve = resolve == "true";
    return true;
}

bool is_channel_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_channel_id(const std::string& s) {
    return s.size() >= 9 && (s[0] == 'C' || s[0] == 'G') &&
           std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

core::Result<bool> announce_settings(const Env& env, Config& c) {
    const std::string channel = env.get("INCIDENT_ANNOUNCE_CHANNEL").value_or("");
    if (!channel.empty()) {
        const bool name = channel.size() > 1 && channel.size() <= 81 && channel[0] == '#' &&
                          std::all_of(channel.begin() + 1, channel.end(), is_channel_name_char);
        if (!name && !is_channel_id(channel))
            return bad("INCIDENT_ANNOUNCE_CHANNEL",
                       "`" + channel +
                           "` is neither a channel name such as #incidents nor a channel id "
                           "such as C0123456789");
    }
    c.announce_channel = channel;
    const std::string updates = env.get("ANNOUNCE_UPDATES").value_or("false");
    if (updates != "true" && updates != "false")
        return bad("ANNOUNCE_UPDATES", "`" + updates + "` must be true or false");
    c.announce_updates = updates == "true";
    const std::string status_page = env.get("STATUS_PAGE_URL").value_or("");
    if (!status_page.empty() && !status_page.starts_with("https://") &&
        !status_page.starts_with("http://"))
        return bad("STATUS_PAGE_URL", "`" + status_page + "` must be an http(s):// URL");
    c.status_page_url = status_page;
    // ":pushpin:" or "pushpin"; Slack's emoji names are lowercase letters,
    // digits, '-', '_', '+' and "'".
    std::string reaction = env.get("TIMELINE_REACTION").value_or("pushpin");
    if (reaction.size() >= 2 && reaction.front() == ':' && reaction.back() == ':')
        reaction = reaction.substr(1, reaction.size() - 2);
    const auto emoji_char = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
               ch == '+' || ch == '\'';
    };
    if (reaction.empty() || reaction.size() > 100 ||
        !std::all_of(reaction.begin(), reaction.end(), emoji_char))
        return bad("TIMELINE_REACTION",
                   "`" + reaction + "` is not an emoji name such as :pushpin: or :memo:");
    c.timeline_reaction = reaction;
    return true;
}

}  // namespace

core::Result<Config> load_config(const Env& env, Mode mode) {
    Config c;
    if (mode == Mode::Slack) {
        auto app = token(env, "SLACK_APP_TOKEN", "xapp-",
                         "an app-level token with connections:write (Basic Information > "
                         "App-Level Tokens)");
        if (!app) return app.error();
        auto bot_token = token(env, "SLACK_BOT_TOKEN", "xoxb-",
                               "the Bot User OAuth Token (OAuth & Permissions)");
        if (!bot_token) return bot_token.error();
        c.app_token = std::move(app.value());
        c.bot_token = std::move(bot_token.value());

        c.api_url = env.get("SLACK_API_URL").value_or(c.api_url);
        if (!c.api_url.empty() && c.api_url.back() != '/') c.api_url += '/';
        auto url = slack::parse_url(c.api_url);
        if (!url) return bad("SLACK_API_URL", url.error().message);
        if (url->scheme != "https" && url->scheme != "http")
            return bad("SLACK_API_URL", "must be an https:// URL such as https://slack.com/api/");
        // Read now, so that a wrong path stops the start instead of every
        // connection to Slack failing after it.
        if (const auto ca = env.get("SSL_CERT_FILE"); ca && !ca->empty())
            if (const auto loaded = slack::check_ca_file(*ca); !loaded)
                return bad("SSL_CERT_FILE", loaded.error().message);
    }

    // The sandbox keeps its own database so that a drill never mixes with real incidents.
    const char* db_variable = mode == Mode::Sandbox ? "SANDBOX_DB_PATH" : "INCIDENT_DB_PATH";
    c.db_path = env.get(db_variable)
                    .value_or(mode == Mode::Sandbox ? "incidents-sandbox.db" : "incidents.db");
    if (c.db_path.empty()) return bad(db_variable, "must not be empty");
    // The sandbox empties its database at every start.
    if (mode == Mode::Sandbox && c.db_path == env.get("INCIDENT_DB_PATH").value_or("incidents.db"))
        return bad("SANDBOX_DB_PATH",
                   "must not be the real database (INCIDENT_DB_PATH): the "
                   "sandbox empties its database at every start");

    const char* url_variable = mode == Mode::Sandbox ? "SANDBOX_DB_URL" : "INCIDENT_DB_URL";
    c.db_url = env.get(url_variable).value_or("");
    if (!c.db_url.empty() && !storage::dialect::is_postgres_target(c.db_url))
        return bad(url_variable,
                   "must be a PostgreSQL connection string such as "
                   "postgresql://user:password@host:5432/incidents");
    if (mode == Mode::Sandbox && !c.db_url.empty() &&
        c.db_url == env.get("INCIDENT_DB_URL").value_or(""))
        return bad("SANDBOX_DB_URL",
                   "must not be the real database (INCIDENT_DB_URL): the "
                   "sandbox empties its database at every start");
    if (c.db_url.empty()) {
        if (const auto problem = database_file_problem(c.db_path))
            return bad(db_variable, *problem);
        c.db_variable = db_variable;
    } else {
        c.db_variable = url_variable;
    }
    if (auto lease = env.get("LEASE_SECONDS")) {
        const auto seconds = parse_count(*lease);
        if (!seconds || *seconds < 1 || *seconds > 3600)
            return bad("LEASE_SECONDS", "must be a whole number of seconds from 1 to 3600");
        c.lease = std::chrono::seconds(*seconds);
    }

    if (auto pool = env.get("DB_POOL_SIZE")) {
        const auto size = parse_count(*pool);
        if (!size || *size > 64) return bad("DB_POOL_SIZE", "must be a whole number from 0 to 64");
        c.db_pool_size = *size;
    }

    const std::string sync = env.get("DB_SYNC").value_or("full");
    const auto sync_mode = storage::parse_sync_mode(sync);
    if (!sync_mode) return bad("DB_SYNC", "`" + sync + "` " + sync_mode.error().message);
    c.db_sync = *sync_mode;

    for (Severity s : core::kAllSeverities) {
        const auto i = index(s);
        auto cadence = duration_or_off(env, suffixed("REMINDER_CADENCE_", s), kCadenceDefaults[i]);
        if (!cadence) return cadence.error();
        c.runbook.reminder_cadence[i] = *cadence;

        auto respond =
            duration_or_off(env, suffixed("RESPOND_WITHIN_", s), kRespondWithinDefaults[i]);
        if (!respond) return respond.error();
        c.runbook.respond_within[i] = *respond;

        auto postmortem =
            duration_or_off(env, suffixed("POSTMORTEM_DUE_", s), kPostmortemDefaults[i]);
        if (!postmortem) return postmortem.error();
        c.runbook.postmortem_due[i] = *postmortem;

        const std::string escalation_var = suffixed("ESCALATION_", s);
        auto policy = core::parse_escalation_policy(env.get(escalation_var).value_or(""));
        if (!policy) return bad(escalation_var, policy.error().message);
        // Escalation starts when the response time has passed: without one
        // the policy would page nobody, ever.
        if (!policy->empty() && !c.runbook.respond_within[i])
            return bad(escalation_var, "pages nobody while " + suffixed("RESPOND_WITHIN_", s) +
                                           " is off: set it (e.g. 1h), or unset " + escalation_var);
        c.runbook.escalation[i] = std::move(policy.value());
    }

    auto announce = announce_settings(env, c);
    if (!announce) return announce.error();

    const std::string level = env.get("LOG_LEVEL").value_or("info");
    const auto parsed_level = parse_level(level);
    if (!parsed_level)
        return bad("LOG_LEVEL", "`" + level + "` is not one of trace, debug, info, warn, error");
    c.log_level = *parsed_level;
    const std::string format = env.get("LOG_FORMAT").value_or("text");
    if (format != "text" && format != "json")
        return bad("LOG_FORMAT", "`" + format + "` is not text or json");
    c.log_json = format == "json";
    // The sandbox serves the dashboard too (any free loopback port unless
    // HTTP_ADDR says): a newcomer watches the incidents they make.
    if (auto ops = load_ops(env, c, mode); !ops) return ops.error();
    return c;
}

std::string redact_token(const std::string& token) {
    const auto dash = token.find('-');
    if (dash == std::string::npos || dash > 4) return "****";
    return token.substr(0, dash + 1) + "****";
}

std::string Config::describe() const {
    const auto duration = [](const core::OptionalDuration& d) {
        return d ? core::format_duration(*d) : std::string("off");
    };
    std::ostringstream out;
    out << "SLACK_APP_TOKEN=" << redact_token(app_token) << '\n'
        << "SLACK_BOT_TOKEN=" << redact_token(bot_token) << '\n'
        << "SLACK_API_URL=" << api_url << '\n'
        << "INCIDENT_DB_PATH=" << db_path << '\n'
        << "INCIDENT_DB_URL=" << storage::dialect::redact(db_url) << '\n'
        << "LEASE_SECONDS=" << lease.count() << '\n'
        << "DB_POOL_SIZE=" << db_pool_size << (db_url.empty() ? " (PostgreSQL only)" : "") << '\n'
        << "DB_SYNC=" << storage::to_string(db_sync) << '\n';
    for (Severity s : core::kAllSeverities) {
        const auto i = index(s);
        out << "REMINDER_CADENCE_" << core::to_string(s) << '='
            << duration(runbook.reminder_cadence[i]) << '\n'
            << "RESPOND_WITHIN_" << core::to_string(s) << '=' << duration(runbook.respond_within[i])
            << '\n'
            << "POSTMORTEM_DUE_" << core::to_string(s) << '=' << duration(runbook.postmortem_due[i])
            << '\n'
            << "ESCALATION_" << core::to_string(s) << '=' << runbook.escalation[i].size()
            << " level(s)\n";
    }
    out << "INCIDENT_ANNOUNCE_CHANNEL=" << (announce_channel.empty() ? "(none)" : announce_channel)
        << '\n'
        << "ANNOUNCE_UPDATES=" << (announce_updates ? "true" : "false") << '\n'
        << "STATUS_PAGE_URL=" << (status_page_url.empty() ? "(none)" : status_page_url) << '\n'
        << "TIMELINE_REACTION=:" << timeline_reaction << ":\n";
    out << "LOG_LEVEL=" << spdlog::level::to_string_view(log_level).data() << '\n'
        << "LOG_FORMAT=" << (log_json ? "json" : "text") << '\n'
        << "HTTP_ADDR="
        << (http_enabled ? http_host + ":" + std::to_string(http_port) : std::string("off")) << '\n'
        << "HTTP_TOKEN=" << (http_token.empty() ? "(unset)" : "****") << '\n'
        << "HTTP_MAX_BODY_BYTES=" << http_max_body << '\n'
        << "HTTP_MAX_CONNECTIONS=" << http_max_connections << '\n'
        << "HTTP_READ_TIMEOUT="
        << core::format_duration(
               std::chrono::duration_cast<std::chrono::seconds>(http_read_timeout))
        << '\n'
        << "ALERTMANAGER_TOKEN=" << (alertmanager_token.empty() ? "(unset)" : "****") << '\n'
        << "ALERT_DECLARE_CHANNEL="
        << (alert_declare_channel.empty() ? "(unset: /alertmanager is off)" : alert_declare_channel)
        << '\n'
        << "ALERT_SEVERITY_LABEL=" << alert_severity.label << '\n'
        << "ALERT_SEVERITY_MAP=";
    for (std::size_t i = 0; i < alert_severity.map.size(); ++i)
        out << (i ? "," : "") << alert_severity.map[i].first << ':'
            << core::to_string(alert_severity.map[i].second);
    out << '\n'
        << "ALERT_DEFAULT_SEVERITY=" << core::to_string(alert_severity.fallback) << '\n'
        << "ALERT_AUTO_RESOLVE=" << (alert_auto_resolve ? "true" : "false");
    return out.str();
}

}  // namespace bot
