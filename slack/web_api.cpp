#include "slack/web_api.hpp"

#include <atomic>
#include <cctype>
#include <charconv>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/http/field.hpp>

#include "core/url_encoding.hpp"
#include "slack/backoff.hpp"
#include "slack/http_pool.hpp"
#include "slack/json_skim.hpp"

namespace slack {

namespace net = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

struct Body {
    std::string text;
    std::string content_type;
};

Body json_body(const json& value) {
    return {value.dump(-1, ' ', false, json::error_handler_t::replace),
            "application/json; charset=utf-8"};
}

// Every Web API method reads form arguments, but only "most write methods"
// read a JSON body (docs.slack.dev/apis/web-api): read methods such as
// users.list or conversations.list ignore one. Structured arguments
// (blocks) go as JSON, which Slack recommends for them; flat ones as a form.
Body method_body(const json& args) {
    for (const auto& [key, value] : args.items())
        if (value.is_structured()) return json_body(args);
    std::string form;
    for (const auto& [key, value] : args.items()) {
        if (value.is_null()) continue;
        if (!form.empty()) form += '&';
        form += core::url_encode(key);
        form += '=';
        form += core::url_encode(value.is_string() ? value.get_ref<const std::string&>()
                                                   : value.dump());
    }
    return {std::move(form), "application/x-www-form-urlencoded"};
}

std::string plain_error_name(std::string_view body) {
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
        body.remove_suffix(1);
    if (body.empty() || body.size() > 64) return {};
    for (unsigned char c : body)
        if (!std::islower(c) && c != '_') return {};
    return std::string(body);
}

// A Retry-After beyond this is treated as a Slack bug rather than obeyed for hours.
constexpr std::chrono::seconds kMaxRetryAfter{3600};

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
    long seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) return {};
    return std::min(std::chrono::seconds{seconds}, kMaxRetryAfter);
}

}  // namespace

class WebApi::Impl : public std::enable_shared_from_this<Impl> {
  public:
    struct Call {
        std::string label;  // the method name, or "response_url": safe to log
        Url url;
        std::string body;
        std::string content_type;
        std::string token;
        std::string order_key;
        // What Slack counts a 429 against: the method, and for chat.postMessage
        // (about one a second per channel) the channel too.
        std::string rate_key;
        bool slack_method = true;  // Web API answers carry "ok"; response_url may not
        bool idempotent = true;
        Callback callback;
        int failures = 0;
        bool stale_retry_used = false;
        std::optional<Backoff> backoff;
        std::unique_ptr<net::steady_timer> timer;
    };

    Impl(net::io_context& io, std::shared_ptr<spdlog::logger> logger, WebApiOptions options)
        : strand_(net::make_strand(io)),
          logger_(logger ? std::move(logger) : std::make_shared<spdlog::logger>("web_api")),
          options_(std::move(options)),
          pool_(
              strand_, [this] { return tls(); }, options_.timeouts, options_.connections_per_host) {
        // Slack itself is https: load the CA store now, so that a broken one
        // shows at start-up. A loopback http Slack (the emulator, the
        // sandbox) never needs OpenSSL, and the bot never pays for it.
        if (parse_url(options_.api_url).ok() && parse_url(options_.api_url)->secure()) tls();
        if (!options_.telemetry) options_.telemetry = std::make_shared<Telemetry>();
    }

    // The shared TLS context, made on first need; null (with tls_error_ set)
    // when the CA store cannot be loaded. Any thread.
    std::shared_ptr<TlsContext> tls() {
        std::lock_guard lock(tls_mutex_);
        if (tls_ || tls_error_) return tls_;
        if (options_.tls) return tls_ = options_.tls;
        auto made = make_client_tls_context();
        if (!made) {
            tls_error_ = made.error();
            return nullptr;
        }
        return tls_ = made.value();
    }

    void submit(std::string label, std::string_view url_text, Body body, std::string token,
                bool slack_method, Callback callback, const CallOptions& options,
                std::string rate_key = {}) {
        auto call = std::make_shared<Call>();
        call->rate_key = rate_key.empty() ? label : std::move(rate_key);
        call->label = std::move(label);
        call->body = std::move(body.text);
        call->content_type = std::move(body.content_type);
        call->token = std::move(token);
        call->slack_method = slack_method;
        call->callback = std::move(callback);
        call->order_key = options.order_key;
        call->idempotent = options.idempotent;
        call->backoff.emplace(options_.retry_initial, options_.retry_max, random_seed_++);
        auto url = parse_url(url_text);
        ++pending_;
        net::dispatch(strand_, [self = shared_from_this(), call, url = std::move(url)]() mutable {
            if (!url) return self->finish(call, url.error());
            call->url = std::move(url.value());
            self->enqueue(call);
        });
    }

    void enqueue(const std::shared_ptr<Call>& call) {
        live_.insert(call);
        if (call->order_key.empty()) return attempt(call);
        auto& lane = lanes_[call->order_key];
        lane.push_back(call);
        if (lane.size() == 1) attempt(call);
    }

    void attempt(const std::shared_ptr<Call>& call) {
        if (stopped_) return;
        if (const auto gate = gates_.find(call->rate_key);
            gate != gates_.end() && gate->second.probe != call) {
            gate->second.waiting.push_back(call);  // the method is rate-limited: wait the turn
            return;
        }
        send(call);
    }

    void send(const std::shared_ptr<Call>& call) {
        if (call->url.secure() && !tls()) {
            return finish(call,
                          tls_error_.value_or(core::make_error("tls_setup", "no TLS context")));
        }
        pool_.acquire(call->url, [self = shared_from_this(), call](auto connection) {
            connection->send(self->make_request(*call),
                             [self, call, connection](HttpOutcome outcome) {
                                 self->on_response(call, connection, std::move(outcome));
                             });
        });
    }

    HttpRequest make_request(const Call& call) const {
        HttpRequest request{http::verb::post, call.url.target, 11};
        bool default_port = call.url.port == (call.url.secure() ? "443" : "80");
        request.set(http::field::host, default_port ? call.url.host : call.url.authority());
        request.set(http::field::user_agent, "incident-bot");
        request.set(http::field::content_type, call.content_type);
        if (!call.token.empty()) request.set(http::field::authorization, "Bearer " + call.token);
        request.keep_alive(true);
        request.body() = call.body;
        request.prepare_payload();
        return request;
    }

    void on_response(const std::shared_ptr<Call>& call,
                     const std::shared_ptr<HttpConnection>& connection, HttpOutcome outcome) {
        pool_.release(call->url, connection);
        if (stopped_) return;
        if (outcome.ec) {
            // A kept-alive connection the server closed while idle fails on
            // first use; that is not Slack failing, so retry once at no cost.
            if (outcome.reused && !call->stale_retry_used && call->idempotent &&
                (outcome.step == "write" || outcome.step == "read")) {
                call->stale_retry_used = true;
                return attempt(call);
            }
            std::string message =
                call->label + ": " + outcome.step + " failed: " + outcome.ec.message();
            if (!outcome.detail.empty()) message += " (" + outcome.detail + ")";
            return retry_or_fail(call, core::make_error("network", message));
        }
        const auto& response = outcome.response;
        unsigned status = response.result_int();
        if (status == 429) {
            auto header = response[http::field::retry_after];
            auto after = parse_retry_after({header.data(), header.size()})
                             .value_or(options_.default_retry_after);
            options_.telemetry->web_api_call(call->label, "rate_limited");
            options_.telemetry->web_api_retry(call->label);
            // One call of the method waits Retry-After and tries again; the
            // others queue behind it, instead of all waking at once to meet
            // another 429 each.
            auto& gate = gates_[call->rate_key];
            if (gate.probe && gate.probe != call) {
                gate.waiting.push_front(call);
                return;
            }
            gate.probe = call;
            logger_->warn("{}: rate limited by Slack, retrying in {}s ({} more waiting)",
                          call->label, after.count(), gate.waiting.size());
            return wait_then_attempt(call, after);
        }
        if (status >= 500) {
            return retry_or_fail(call, core::make_error("http_" + std::to_string(status),
                                                        call->label + ": Slack answered HTTP " +
                                                            std::to_string(status)));
        }
        json body = parse_answer(response.body());
        bool is_object = !body.is_discarded() && body.is_object();
        auto error_name = [&]() -> std::string {
            auto it = is_object ? body.find("error") : body.end();
            return is_object && it != body.end() && it->is_string() ? it->get<std::string>() : "";
        };
        if (status < 200 || status >= 300) {
            std::string name = error_name();
            // A response_url answers in plain text, like an incoming webhook:
            // `expired_url`, `no_text`, `invalid_payload`.
            if (name.empty() && !call->slack_method) name = plain_error_name(response.body());
            if (name.empty()) name = "http_" + std::to_string(status);
            return finish(call, core::make_error(name, call->label + " failed: " + name));
        }
        if (!is_object) {
            // response_url answers a plain "ok".
            if (!call->slack_method) return finish(call, json{{"ok", true}});
            return finish(call, core::make_error("bad_response",
                                                 call->label + ": Slack's answer is not JSON"));
        }
        auto ok = body.find("ok");
        bool succeeded =
            ok == body.end() ? !call->slack_method : ok->is_boolean() && ok->get<bool>();
        if (succeeded) {
            // The token's granted scopes (Slack's `x-oauth-scopes` header),
            // handed on in the answer for --check under this key.
            if (const auto scopes = response.find("x-oauth-scopes"); scopes != response.end())
                body["x-oauth-scopes"] = std::string(scopes->value());
            return finish(call, std::move(body));
        }
        std::string name = error_name();
        if (name.empty()) name = "unknown_error";
        finish(call, core::make_error(name, call->label + " failed: " + name));
    }

    void retry_or_fail(const std::shared_ptr<Call>& call, core::Error error) {
        if (!call->idempotent) return finish(call, std::move(error));
        if (++call->failures > options_.max_retries) {
            logger_->error("{} (gave up after {} retries)", error.message, options_.max_retries);
            return finish(call, std::move(error));
        }
        options_.telemetry->web_api_retry(call->label);
        auto delay = call->backoff->next();
        logger_->warn("{}; retry {}/{} in {}ms", error.message, call->failures,
                      options_.max_retries, delay.count());
        wait_then_attempt(call, delay);
    }

    template <class Duration>
    void wait_then_attempt(const std::shared_ptr<Call>& call, Duration delay) {
        call->timer = std::make_unique<net::steady_timer>(strand_, delay);
        call->timer->async_wait([self = shared_from_this(), call](boost::system::error_code ec) {
            if (!ec && !self->stopped_) self->attempt(call);
        });
    }

    // The call that waited out a 429 is done: the next waiting call of its
    // method goes; when none waits the method is free again.
    void release_next(const std::shared_ptr<Call>& call) {
        const auto gate = gates_.find(call->rate_key);
        if (gate == gates_.end() || gate->second.probe != call) return;
        if (gate->second.waiting.empty() || stopped_) {
            gates_.erase(gate);
            return;
        }
        auto next = gate->second.waiting.front();
        gate->second.waiting.pop_front();
        gate->second.probe = next;
        send(next);
    }

    void finish(const std::shared_ptr<Call>& call, core::Result<json> result) {
        release_next(call);
        options_.telemetry->web_api_call(call->label, result ? "ok" : result.error().code);
        live_.erase(call);
        --pending_;
        auto callback = std::move(call->callback);
        if (callback) {
            try {
                callback(std::move(result));
            } catch (const std::exception& e) {
                logger_->error("{}: result handler threw: {}", call->label, e.what());
            }
        }
        if (!call->order_key.empty()) {
            auto lane = lanes_.find(call->order_key);
            if (lane != lanes_.end() && !lane->second.empty() && lane->second.front() == call) {
                lane->second.pop_front();
                if (lane->second.empty()) {
                    lanes_.erase(lane);
                } else {
                    attempt(lane->second.front());
                }
            }
        }
        if (pending_ == 0) notify_idle(true);
    }

    struct IdleWaiter {
        std::unique_ptr<net::steady_timer> timer;
        std::function<void(bool)> done;
    };

    void when_idle(std::chrono::milliseconds limit, std::function<void(bool)> done) {
        net::dispatch(strand_, [self = shared_from_this(), limit, done = std::move(done)]() {
            if (self->pending_ == 0) return done(true);
            auto waiter = std::make_shared<IdleWaiter>();
            waiter->timer = std::make_unique<net::steady_timer>(self->strand_, limit);
            waiter->done = done;
            self->idle_waiters_.push_back(waiter);
            waiter->timer->async_wait([self, waiter](boost::system::error_code ec) {
                if (ec || !waiter->done) return;
                self->idle_waiters_.remove(waiter);
                std::exchange(waiter->done, nullptr)(false);
            });
        });
    }

    void notify_idle(bool idle) {
        auto waiters = std::move(idle_waiters_);
        idle_waiters_.clear();
        for (auto& waiter : waiters) {
            waiter->timer->cancel();
            if (waiter->done) std::exchange(waiter->done, nullptr)(idle);
        }
    }

    void shutdown() {
        stopped_ = true;
        for (const auto& call : live_) {
            if (call->timer) call->timer->cancel();
        }
        for (auto& waiter : idle_waiters_) waiter->timer->cancel();
        pool_.close_all();
    }

    net::strand<net::io_context::executor_type> strand_;
    std::shared_ptr<spdlog::logger> logger_;
    WebApiOptions options_;
    std::mutex tls_mutex_;
    std::optional<core::Error> tls_error_;
    std::shared_ptr<TlsContext> tls_;
    HttpPool pool_;
    std::unordered_map<std::string, std::deque<std::shared_ptr<Call>>> lanes_;
    // Methods Slack answered 429, while their backlog drains: the call
    // waiting out Retry-After, and the calls queued behind it.
    struct Gate {
        std::shared_ptr<Call> probe;
        std::deque<std::shared_ptr<Call>> waiting;
    };
    std::unordered_map<std::string, Gate> gates_;
    std::unordered_set<std::shared_ptr<Call>> live_;
    std::list<std::shared_ptr<IdleWaiter>> idle_waiters_;
    std::atomic<std::size_t> pending_{0};
    std::atomic<std::uint64_t> random_seed_{std::random_device{}()};
    bool stopped_ = false;
};

WebApi::WebApi(net::io_context& io, std::shared_ptr<spdlog::logger> logger, WebApiOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(logger), std::move(options))) {}

WebApi::~WebApi() {
    impl_->shutdown();
}

void WebApi::call(std::string method, const json& args, Callback callback, CallOptions options) {
    std::string token;
    if (options.token == Token::Bot) token = impl_->options_.bot_token;
    if (options.token == Token::App) token = impl_->options_.app_token;
    std::string url = join_api_url(impl_->options_.api_url, method);
    // No arguments (null) make an empty form, as an empty object does.
    std::string rate_key = method;
    if (const auto channel = args.is_object() ? args.find("channel") : args.end();
        method == "chat.postMessage" && channel != args.end() && channel->is_string())
        rate_key += "#" + channel->get<std::string>();
    impl_->submit(std::move(method), url, method_body(args), std::move(token), true,
                  std::move(callback), options, std::move(rate_key));
}

void WebApi::post_json(std::string url, const json& body, Callback callback, CallOptions options) {
    // response_url takes JSON only, like an incoming webhook.
    impl_->submit("response_url", url, json_body(body), "", false, std::move(callback), options);
}

void WebApi::post_bytes(std::string url, std::string body, std::string content_type,
                        Callback callback, CallOptions options) {
    impl_->submit("upload_url", url, Body{std::move(body), std::move(content_type)}, "", false,
                  std::move(callback), options);
}

std::size_t WebApi::pending() const {
    return impl_->pending_;
}

void WebApi::when_idle(std::chrono::milliseconds limit, std::function<void(bool)> done) {
    impl_->when_idle(limit, std::move(done));
}

std::shared_ptr<TlsContext> WebApi::tls_context() const {
    return impl_->tls();
}

const WebApiOptions& WebApi::options() const {
    return impl_->options_;
}

}  // namespace slack
