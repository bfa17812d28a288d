#pragma once
// Every setting the bot reads, validated once at start-up. A bad value stops
// start-up with one line naming the variable (exit code 2); tokens are never
// echoed back, not even in part.
#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include <spdlog/common.h>

#include "alerts/plan.hpp"
#include "bot/env.hpp"
#include "core/result.hpp"
#include "core/runbook.hpp"
#include "core/severity.hpp"
#include "storage/commit_barrier.hpp"

namespace bot {

struct Config {
    std::string app_token;  // xapp-…
    std::string bot_token;  // xoxb-…
    std::string api_url = "https://slack.com/api/";
    std::string db_path = "incidents.db";
    // INCIDENT_DB_URL (the sandbox's: SANDBOX_DB_URL): a PostgreSQL connection
    // string; when set it wins over db_path, and several replicas may share
    // it. Never logged unredacted.
    std::string db_url;
    // LEASE_SECONDS: how long a replica's claim on an outbox row or a timer
    // lasts before another replica may take it over (PostgreSQL only).
    std::chrono::seconds lease{10};
    // DB_POOL_SIZE: with PostgreSQL, how many connections, each on a thread
    // of its own (bot/command_lanes.hpp), handle the envelopes; 0 handles
    // them on the loop's one connection. SQLite handles them on the loop.
    std::size_t db_pool_size = 2;
    // What storage::Database opens: db_url when set, else db_path.
    const std::string& db_target() const { return db_url.empty() ? db_path : db_url; }
    // The variable that named db_target(), for an error about it.
    std::string db_variable = "INCIDENT_DB_PATH";
    // full: every change is on stable storage before Slack hears it was taken.
    storage::SyncMode db_sync = storage::SyncMode::Full;
    core::Runbook runbook;  // cadences, respond-within, escalation, post-mortem due
    spdlog::level::level_enum log_level = spdlog::level::info;
    bool log_json = false;  // LOG_FORMAT=json: one JSON object per line

    // The operations listener (HTTP_ADDR; empty host: off).
    std::string http_host = "127.0.0.1";
    unsigned short http_port = 9187;
    bool http_enabled = true;
    // HTTP_ADDR was not set: the listener is a convenience, and a bot whose
    // default port is taken (a second bot on the host) runs without it.
    bool http_addr_default = false;
    std::string http_token;  // bearer for every path but /healthz; required off loopback
    std::size_t http_max_body = 1 << 20;
    std::size_t http_max_connections = 256;
    std::chrono::milliseconds http_read_timeout{10'000};  // a whole request

    // Alertmanager -> incident (POST /alertmanager).
    std::string alertmanager_token;
    std::string alert_declare_channel;  // empty: the webhook answers 404
    alerts::SeverityRules alert_severity;
    bool alert_auto_resolve = false;
    // Where each incident gets one message kept current: "#incidents" or a
    // channel id; empty: no announcement channel.
    std::string announce_channel;
    bool announce_updates = false;  // status updates also go to its thread
    std::string status_page_url;    // STATUS_PAGE_URL, named in stakeholder updates; may be empty
    // TIMELINE_REACTION: this reaction on a message of an incident channel
    // (or pinning it) puts the message on the timeline. Without colons.
    std::string timeline_reaction = "pushpin";

    // One line per setting, tokens redacted: safe to log.
    std::string describe() const;
};

enum class Mode {
    Slack,    // real workspace: tokens required
    Sandbox,  // emulated workspace in-process: tokens are the emulator's
};

core::Result<Config> load_config(const Env& env, Mode mode);

// "xoxb-…" -> "xoxb-****"; anything else -> "****".
std::string redact_token(const std::string& token);

}  // namespace bot
