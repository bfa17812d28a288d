#pragma once
// Slack's Web API over HTTPS (or loopback HTTP for the emulator): form bodies,
// or JSON where arguments are structured (blocks); Bearer tokens; a few
// keep-alive connections per host. Rate limits queue calls instead of failing
// them; 5xx and network errors are retried a few times with jittered backoff
// before the error is handed back.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "slack/http_connection.hpp"
#include "slack/telemetry.hpp"
#include "slack/tls.hpp"

namespace slack {

enum class Token { Bot, App, None };

struct CallOptions {
    // Calls with the same key (a channel id, say) run one after another and
    // complete in the order they were made, through retries and rate limits.
    // Empty: the call runs independently.
    std::string order_key;
    Token token = Token::Bot;  // App for apps.connections.open
    // False for a call that must not happen twice (chat.postMessage): after a
    // network error or a 5xx it may have taken effect, so it is not retried
    // here; the caller looks before trying again. 429s are still waited out.
    bool idempotent = true;
};

struct WebApiOptions {
    std::string api_url = "https://slack.com/api/";
    std::string bot_token;
    std::string app_token;
    std::size_t connections_per_host = 4;
    int max_retries = 3;  // 5xx and network errors; 429 waits are not counted
    std::chrono::milliseconds retry_initial{500};
    std::chrono::milliseconds retry_max{8'000};
    // Used when a 429 carries no usable Retry-After.
    std::chrono::seconds default_retry_after{1};
    HttpTimeouts timeouts;
    // Shared with the Socket Mode client; null: one is built from the
    // system store (see tls.hpp).
    std::shared_ptr<TlsContext> tls;
    std::shared_ptr<Telemetry> telemetry = std::make_shared<Telemetry>();
};

class WebApi {
  public:
    // Result: Slack's JSON on ok:true. Errors: Slack's own name on ok:false
    // (`channel_not_found`), `http_<status>` for other HTTP failures,
    // `network` when no answer came, `bad_url` / `tls_setup` / `cancelled`.
    using Callback = std::function<void(core::Result<nlohmann::json>)>;

    WebApi(boost::asio::io_context& io, std::shared_ptr<spdlog::logger> logger,
           WebApiOptions options);
    // Destroy on the io_context's thread (or after it stopped). Calls still
    // pending are dropped without their callbacks: wait with when_idle first.
    ~WebApi();
    WebApi(const WebApi&) = delete;
    WebApi& operator=(const WebApi&) = delete;

    // Safe to call from any thread; the callback runs on the io_context.
    // `args` is read before call() returns (a message's blocks are not copied).
    void call(std::string method, const nlohmann::json& args, Callback callback,
              CallOptions options = {});
    // POST to a response_url (no token: the URL is the credential).
    void post_json(std::string url, const nlohmann::json& body, Callback callback,
                   CallOptions options = {});

    // POST raw bytes to a URL Slack handed out (files.getUploadURLExternal's
    // upload_url; no token: the URL is the credential). Any 2xx answer
    // (Slack's is plain text, "OK - <length>") is {"ok":true}; any other
    // status is an error named `http_<status>` or by the answer's text.
    void post_bytes(std::string url, std::string body, std::string content_type, Callback callback,
                    CallOptions options = {});

    // Calls made and not yet completed (queued, waiting or on the wire).
    std::size_t pending() const;
    // done(true) once nothing is pending, or done(false) after `limit`: the
    // shutdown path lets in-flight calls finish without waiting forever.
    void when_idle(std::chrono::milliseconds limit, std::function<void(bool idle)> done);

    std::shared_ptr<TlsContext> tls_context() const;
    const WebApiOptions& options() const;

    class Impl;

  private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace slack
