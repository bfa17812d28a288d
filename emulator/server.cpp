#include "emulator/server.hpp"

#include <algorithm>

#include <spdlog/logger.h>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "emulator/request_body.hpp"
#include "emulator/socket_session.hpp"
#include "emulator/web_api.hpp"

namespace emulator {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

namespace {

HttpResponse json_response(const HttpRequest& req, int status, const json& body) {
    HttpResponse res{static_cast<http::status>(status), req.version()};
    res.set(http::field::server, "slack-emulator");
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.keep_alive(req.keep_alive());
    res.body() = body.dump();
    res.prepare_payload();
    return res;
}

HttpResponse text_response(const HttpRequest& req, int status, const std::string& content_type,
                           const std::string& body) {
    HttpResponse res{static_cast<http::status>(status), req.version()};
    res.set(http::field::server, "slack-emulator");
    res.set(http::field::content_type, content_type);
    res.keep_alive(req.keep_alive());
    res.body() = body;
    res.prepare_payload();
    return res;
}

// "/api/chat.postMessage?x=y" -> ("chat.postMessage", "x=y")
std::pair<std::string, std::string> split_target(boost::beast::string_view beast_target) {
    const std::string_view target(beast_target.data(), beast_target.size());
    const auto q = target.find('?');
    return {std::string(target.substr(0, q)),
            q == std::string_view::npos ? std::string{} : std::string(target.substr(q + 1))};
}

}  // namespace

// One HTTP/1.1 connection: keep-alive, one request at a time; upgrades to a
// Socket Mode WebSocket at /link/.
class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(net::ip::tcp::socket socket, std::shared_ptr<Server> server)
        : stream_(std::move(socket)), timer_(stream_.get_executor()), server_(std::move(server)) {}

    void run() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
    }

    void close() {
        net::post(stream_.get_executor(), [self = shared_from_this()] {
            beast::error_code ec;
            self->stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
            self->stream_.close();
        });
    }

  private:
    void do_read() {
        parser_.emplace();
        parser_->body_limit(16 * 1024 * 1024);
        http::async_read(
            stream_, buffer_, *parser_,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return;  // closed by the client or by stop(): nothing to answer
        req_ = parser_->release();
        const auto [path, query] = split_target(req_.target());
        if (beast::websocket::is_upgrade(req_)) {
            if (path.rfind("/link", 0) == 0 && server_->redeem_ticket(std::string(req_.target()))) {
                std::make_shared<SocketSession>(std::move(stream_), server_)->run(std::move(req_));
                return;
            }
            // Slack refuses a reused, expired or unknown ticket at the upgrade.
            auto res = text_response(req_, 401, "text/plain", "invalid or expired ticket\n");
            res.keep_alive(false);
            return write(std::move(res));
        }
        std::string fault_key;
        if (path.rfind("/api/", 0) == 0) fault_key = path.substr(5);
        if (path.rfind("/commands/", 0) == 0 || path.rfind("/actions/", 0) == 0)
            fault_key = "response_url";
        if (path.rfind("/upload/", 0) == 0) fault_key = "upload_url";
        const auto fault = fault_key.empty() ? std::nullopt : server_->take_fault(fault_key);
        if (!fault) return write(server_->handle_http(req_));
        switch (fault->kind) {
            case Fault::Kind::RateLimited: {
                const json body = {{"ok", false}, {"error", "ratelimited"}};
                server_->record_call(ApiCall{fault_key, json::object(), 429, body, {}});
                auto res = json_response(req_, 429, body);
                res.set(http::field::retry_after, std::to_string(fault->retry_after_seconds));
                return write(std::move(res));
            }
            case Fault::Kind::ServerError: {
                server_->record_call(
                    ApiCall{fault_key, json::object(), fault->http_status, nullptr, {}});
                // Slack's 5xx pages are HTML, not JSON.
                return write(text_response(req_, fault->http_status, "text/html",
                                           "<html><body><h1>" + std::to_string(fault->http_status) +
                                               " Service Unavailable</h1></body></html>\n"));
            }
            case Fault::Kind::Delay:
                timer_.expires_after(fault->delay);
                timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
                    if (wait_ec) return;
                    self->write(self->server_->handle_http(self->req_));
                });
                return;
            case Fault::Kind::DropConnection:
                server_->record_call(ApiCall{fault_key, json::object(), 0, nullptr, {}});
                return drop();
            case Fault::Kind::DropAfterEffect:
                (void)server_->handle_http(req_);
                return drop();
            case Fault::Kind::SlackError: {
                const json body = {{"ok", false}, {"error", fault->error}};
                server_->record_call(ApiCall{fault_key, json::object(), 200, body, {}});
                return write(json_response(req_, 200, body));
            }
        }
    }

    void drop() {
        beast::error_code ec;
        stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
        stream_.close();
    }

    void write(HttpResponse res) {
        res_ = std::make_shared<HttpResponse>(std::move(res));
        http::async_write(stream_, *res_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              if (!self->res_->keep_alive()) return self->drop();
                              self->do_read();
                          });
    }

    beast::tcp_stream stream_;
    net::steady_timer timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    HttpRequest req_;
    std::shared_ptr<HttpResponse> res_;
    std::shared_ptr<Server> server_;
};

Server::Server(net::io_context& io, core::Clock& clock, Options options, spdlog::logger* logger)
    : io_(io),
      clock_(clock),
      options_(std::move(options)),
      own_logger_(logger ? nullptr : std::make_shared<spdlog::logger>("slack-emulator")),
      log_(logger ? *logger : *own_logger_),
      acceptor_(io),
      workspace_(options_, clock) {}

Server::~Server() = default;

unsigned short Server::listen(unsigned short port) {
    const net::ip::tcp::endpoint endpoint{net::ip::make_address("127.0.0.1"), port};
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    {
        std::lock_guard lock(mutex_);
        port_ = acceptor_.local_endpoint().port();
        workspace_.base_url = "http://127.0.0.1:" + std::to_string(port_);
    }
    log_.info("slack emulator listening on {}", api_url());
    do_accept();
    return port_;
}

std::string Server::api_url() const {
    std::lock_guard lock(mutex_);
    return workspace_.base_url + "/api/";
}

void Server::do_accept() {
    acceptor_.async_accept(
        net::make_strand(io_),
        [self = shared_from_this()](beast::error_code ec, net::ip::tcp::socket socket) {
            if (ec) return;  // acceptor closed by stop()
            // As Slack's servers do: a small frame (an envelope, an HTTP
            // answer) goes out at once, not after the peer's delayed ACK.
            beast::error_code ignored;
            socket.set_option(net::ip::tcp::no_delay(true), ignored);
            auto session = std::make_shared<HttpSession>(std::move(socket), self);
            self->track(session);
            session->run();
            self->do_accept();
        });
}

void Server::track(const std::shared_ptr<HttpSession>& session) {
    std::lock_guard lock(mutex_);
    std::erase_if(http_sessions_, [](auto& w) { return w.expired(); });
    http_sessions_.push_back(session);
}

void Server::stop() {
    std::vector<std::shared_ptr<SocketSession>> sockets;
    std::vector<std::weak_ptr<HttpSession>> sessions;
    std::vector<std::shared_ptr<net::steady_timer>> timers;
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        sockets.swap(sockets_);
        sockets.insert(sockets.end(), held_.begin(), held_.end());
        held_.clear();
        sessions.swap(http_sessions_);
        timers.swap(timers_);
    }
    changed_.notify_all();
    net::post(io_, [self = shared_from_this(), timers] {
        beast::error_code ec;
        self->acceptor_.close(ec);
        for (auto& t : timers) t->cancel();
    });
    for (auto& s : sockets) s->drop();
    for (auto& w : sessions)
        if (auto s = w.lock()) s->close();
}

std::vector<ApiCall> Server::calls(const std::string& method) const {
    std::lock_guard lock(mutex_);
    if (method.empty()) return calls_;
    std::vector<ApiCall> out;
    for (const auto& c : calls_)
        if (c.method == method) out.push_back(c);
    return out;
}

void Server::inject(const std::string& method, Fault fault, int count) {
    std::lock_guard lock(mutex_);
    for (int i = 0; i < count; ++i) faults_[method].push_back(fault);
}

std::optional<Fault> Server::take_fault(const std::string& method) {
    std::lock_guard lock(mutex_);
    auto it = faults_.find(method);
    if (it == faults_.end() || it->second.empty()) return std::nullopt;
    auto fault = it->second.front();
    it->second.pop_front();
    return fault;
}

void Server::record_call(ApiCall call) {
    {
        std::lock_guard lock(mutex_);
        if (call.at == core::TimePoint{}) call.at = clock_.now();
        calls_.push_back(std::move(call));
    }
    changed_.notify_all();
}

bool Server::wait_until(const std::function<bool()>& pred,
                        std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        // pred calls public methods, which take the lock: evaluate it unlocked.
        if (pred()) return true;
        std::unique_lock lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        // A change may slip between pred() and the wait: poll as a backstop.
        changed_.wait_for(lock, std::min<std::chrono::steady_clock::duration>(
                                    deadline - now, std::chrono::milliseconds(20)));
    }
}

HttpResponse Server::handle_http(const HttpRequest& req) {
    // The boundary for anything a malformed request makes throw (a JSON
    // field of an unexpected type): answer it, keep the io_context alive.
    try {
        return route(req);
    } catch (const std::exception& e) {
        log_.warn("request {} failed: {}", std::string(req.target()), e.what());
        return json_response(req, 200, {{"ok", false}, {"error", "invalid_arguments"}});
    }
}

HttpResponse Server::route(const HttpRequest& req) {
    const auto [path, query] = split_target(req.target());
    if (path.rfind("/api/", 0) == 0) return handle_api(req, path.substr(5));
    if (path.rfind("/commands/", 0) == 0 || path.rfind("/actions/", 0) == 0)
        return handle_response_url(req, path);
    if (path.rfind("/upload/", 0) == 0) return handle_upload(req, path);
    if (options_.control_endpoint && path.rfind("/_emulator/", 0) == 0)
        return handle_control(*this, req);
    return text_response(req, 404, "text/plain", "not found\n");
}

HttpResponse Server::handle_api(const HttpRequest& req, const std::string& method) {
    const auto content_type = std::string(req[http::field::content_type]);
    const auto [path, query] = split_target(req.target());
    const auto* spec = find_method(method);
    const auto parsed = request_args(content_type, req.body(), query, spec && spec->accepts_json);
    std::string token;
    const auto auth = std::string(req[http::field::authorization]);
    if (auth.rfind("Bearer ", 0) == 0) token = auth.substr(7);
    // apps.connections.open: "you will need to pass this token in the HTTP
    // Authorization header ... passing it as a POST parameter will result in an error".
    if (token.empty() && method != "apps.connections.open") token = parsed.body_token;
    const auto& args = parsed.args;
    if (parsed.json_body_ignored)
        log_.debug("{}: JSON body not read (the method takes query or form arguments)", method);

    ApiAnswer answer;
    {
        std::lock_guard lock(mutex_);
        if (!spec) {
            answer = slack_error("unknown_method");
        } else if (!parsed.error.empty()) {
            answer = slack_error(parsed.error);
        } else if (auto refused = authenticate(workspace_, method, token);
                   !refused.body.at("ok").get<bool>()) {
            answer = refused;
        } else if (auto wait =
                       options_.enforce_rate_limits
                           ? rate_limiter_.admit(
                                 *spec, workspace_.conversation_key(arg_string(args, "channel")),
                                 clock_.now())
                           : std::nullopt) {
            answer = ApiAnswer{429, {{"ok", false}, {"error", "ratelimited"}}, *wait};
        } else {
            answer = call_web_api(workspace_, method, token, args);
            for (const auto& event : std::exchange(workspace_.raised_events, {}))
                queue_event(event);
        }
        if (answer.body.is_object() && answer.http_status != 429) {
            for (const auto& w : parsed.warnings) {
                // Several warnings are one comma-separated `warning` string.
                auto& warning = answer.body["warning"];
                warning =
                    warning.is_string() ? json(warning.get<std::string>() + "," + w) : json(w);
                answer.body["response_metadata"]["warnings"].push_back(w);
            }
        }
        calls_.push_back(ApiCall{method, args, answer.http_status, answer.body, clock_.now()});
    }
    changed_.notify_all();
    if (!answer.body.value("ok", false))
        log_.debug("{} -> {}", method, answer.body.value("error", std::string{}));
    auto res = json_response(req, answer.http_status, answer.body);
    // Slack names the token's granted scopes on every answer; the emulated
    // install granted what the app manifest asks for.
    if (method != "apps.connections.open")
        res.set("x-oauth-scopes",
                "channels:history,channels:join,channels:manage,channels:read,chat:write,"
                "commands,files:write,groups:history,groups:read,groups:write,pins:read,"
                "pins:write,reactions:read,usergroups:read,users:read");
    if (answer.retry_after_seconds > 0)
        res.set(http::field::retry_after, std::to_string(answer.retry_after_seconds));
    return res;
}

HttpResponse Server::handle_response_url(const HttpRequest& req, const std::string& path) {
    auto body = json::parse(req.body(), nullptr, false);
    ResponseUrlAnswer answer;
    {
        std::lock_guard lock(mutex_);
        answer = body.is_discarded() ? ResponseUrlAnswer{400, "invalid_payload"}
                                     : post_to_response_url(workspace_, path, body);
        calls_.push_back(ApiCall{"response_url", body.is_discarded() ? json(req.body()) : body,
                                 answer.http_status, json(answer.body), clock_.now()});
    }
    changed_.notify_all();
    // hooks.slack.com answers in plain text, not Web API JSON.
    return text_response(req, answer.http_status, "text/plain; charset=utf-8", answer.body);
}

HttpResponse Server::handle_upload(const HttpRequest& req, const std::string& path) {
    auto bytes = upload_bytes(std::string(req[http::field::content_type]), req.body());
    const auto size = bytes.size();
    UploadAnswer answer;
    {
        std::lock_guard lock(mutex_);
        answer = post_to_upload_url(workspace_, path, std::move(bytes));
        calls_.push_back(ApiCall{"upload_url",
                                 {{"file_id", answer.file_id}, {"bytes", size}},
                                 answer.http_status,
                                 json(answer.body),
                                 clock_.now()});
    }
    changed_.notify_all();
    // files.slack.com answers in plain text: "OK - <length>".
    return text_response(req, answer.http_status, "text/plain; charset=utf-8", answer.body);
}

void Server::after(std::chrono::milliseconds delay, std::function<void()> f) {
    auto timer = std::make_shared<net::steady_timer>(io_, delay);
    {
        // Expects the lock held (all callers are under it).
        timers_.push_back(timer);
        if (timers_.size() > sweep_at_) {
            const auto long_ago = std::chrono::steady_clock::now() - std::chrono::seconds(1);
            std::erase_if(timers_, [&](auto& t) { return t->expiry() < long_ago; });
            sweep_at_ = std::max<std::size_t>(64, 2 * timers_.size());
        }
    }
    timer->async_wait([timer, f = std::move(f)](beast::error_code ec) {
        if (!ec) f();
    });
}

}  // namespace emulator
