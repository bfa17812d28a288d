#pragma once
// The emulator's engine behind SlackEmulator: one mutex guards the workspace
// and every record; network work runs on the io_context (a strand per
// connection). Sessions hold a shared_ptr to the Server, so a handler still
// queued after SlackEmulator is gone finds it alive.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "emulator/rate_limits.hpp"
#include "emulator/slack_emulator.hpp"
#include "emulator/workspace.hpp"

namespace spdlog {
class logger;
}

namespace emulator {

class SocketSession;
class HttpSession;

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// One envelope sent over Socket Mode, until acked or given up.
struct Delivery {
    std::string envelope_id, type, event_id;
    std::chrono::steady_clock::time_point sent;
    int retry_attempt = 0;
    bool acked = false;
    bool failed = false;
    std::weak_ptr<SocketSession> socket;
    // Where a slash command's ack payload lands.
    std::string channel, user;
};

class Server : public std::enable_shared_from_this<Server> {
  public:
    Server(boost::asio::io_context& io, core::Clock& clock, Options options,
           spdlog::logger* logger);
    ~Server();

    unsigned short listen(unsigned short port);
    std::string api_url() const;
    const Options& options() const { return options_; }
    void stop();

    // Everything SlackEmulator exposes runs under the lock with this.
    template <class F>
    auto with_state(F&& f) const {
        std::lock_guard lock(mutex_);
        return f(workspace_);
    }
    template <class F>
    auto change_state(F&& f) {
        std::unique_lock lock(mutex_);
        auto result = f(workspace_);
        lock.unlock();
        changed_.notify_all();
        return result;
    }
    std::vector<ApiCall> calls(const std::string& method) const;
    void inject(const std::string& method, Fault fault, int count);
    bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) const;

    // Socket Mode.
    std::string send_slash_command(const std::string& user_id, const std::string& channel_id,
                                   const std::string& text);
    std::string send_interaction(const std::string& type, nlohmann::json payload);
    std::string send_event(const nlohmann::json& event);
    std::string redeliver_event(const std::string& event_id);
    bool wait_for_event_acks(const std::string& event_id, std::size_t acks,
                             std::chrono::milliseconds timeout) const;
    std::string send_raw_frame(const std::string& text);
    std::optional<AckRecord> wait_for_ack(const std::string& envelope_id,
                                          std::chrono::milliseconds timeout) const;
    std::vector<AckRecord> acks() const;
    std::vector<nlohmann::json> envelopes() const;
    std::vector<Failure> failures() const;
    void send_disconnect(const std::string& reason);
    void drop_connections();
    void silence_connections();
    void stop_pinging();
    void hold_hello(bool hold);
    std::size_t open_connections() const;
    std::size_t connections_opened() const;

    // Called by sessions on the io_context.
    bool redeem_ticket(const std::string& target);  // "/link/?ticket=…"
    void on_socket_open(const std::shared_ptr<SocketSession>& socket);
    void on_socket_closed(const SocketSession* socket);
    void on_socket_frame(const std::shared_ptr<SocketSession>& socket, const std::string& text);
    std::optional<Fault> take_fault(const std::string& method);
    void record_call(ApiCall call);
    HttpResponse handle_http(const HttpRequest& req);  // Web API, response_url, control
    void track(const std::shared_ptr<HttpSession>& session);
    boost::asio::io_context& io() { return io_; }
    core::Clock& clock() { return clock_; }
    spdlog::logger& log() { return log_; }

  private:
    HttpResponse route(const HttpRequest& req);
    HttpResponse handle_api(const HttpRequest& req, const std::string& method);
    HttpResponse handle_response_url(const HttpRequest& req, const std::string& path);
    HttpResponse handle_upload(const HttpRequest& req, const std::string& path);
    void do_accept();
    // These expect the lock held.
    std::shared_ptr<SocketSession> pick_socket(const SocketSession* avoid);
    std::string dispatch(nlohmann::json frame, Delivery delivery,
                         std::chrono::milliseconds deadline);
    void deliver_event(const std::string& event_id, int attempt, const std::string& reason);
    // The envelope ids an event went out in, oldest first; the newest of them.
    std::span<const std::string> deliveries_of(const std::string& event_id) const;
    const Delivery* latest_delivery(const std::string& event_id) const;
    // send_event with the mutex held; returns the event_id.
    std::string queue_event(const nlohmann::json& event);
    void on_deadline(const std::string& envelope_id);
    void apply_ack_reply(const Delivery& d, const nlohmann::json& payload);
    void after(std::chrono::milliseconds delay, std::function<void()> f);

    boost::asio::io_context& io_;
    core::Clock& clock_;
    const Options options_;
    std::shared_ptr<spdlog::logger> own_logger_;
    spdlog::logger& log_;
    boost::asio::ip::tcp::acceptor acceptor_;
    unsigned short port_ = 0;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    Workspace workspace_;
    RateLimiter rate_limiter_;
    bool stopped_ = false;
    std::vector<ApiCall> calls_;
    std::map<std::string, std::deque<Fault>> faults_;
    std::vector<std::shared_ptr<SocketSession>> sockets_;  // past hello, not closed
    std::vector<std::weak_ptr<HttpSession>> http_sessions_;
    std::size_t next_socket_ = 0;
    std::size_t connections_opened_ = 0;
    // hold_hello: new sockets are accepted and pinged but get no hello and no
    // envelopes; kept here so that they stay open.
    bool hold_hello_ = false;
    std::vector<std::shared_ptr<SocketSession>> held_;
    std::map<std::string, Delivery> deliveries_;    // by envelope_id
    std::map<std::string, nlohmann::json> events_;  // event_id -> payload
    // event_id -> its deliveries' envelope ids, oldest first: a look-up, not
    // a scan of every delivery, for each event (a bench sends tens of thousands).
    std::unordered_map<std::string, std::vector<std::string>> deliveries_of_event_;
    std::vector<std::string> pending_events_;  // sent while no socket was open
    std::vector<AckRecord> acks_;
    std::unordered_map<std::string, std::size_t> ack_index_;  // envelope_id -> acks_ index
    std::vector<nlohmann::json> envelopes_;
    std::vector<Failure> failures_;
    std::vector<std::shared_ptr<boost::asio::steady_timer>> timers_;
    // Swept of expired timers when it grows past this: twice what the last
    // sweep kept, so a burst of 10,000 deadlines costs a few sweeps, not one each.
    std::size_t sweep_at_ = 64;
};

// /_emulator/… (standalone executable): drives the Server over HTTP.
HttpResponse handle_control(Server& server, const HttpRequest& req);

}  // namespace emulator
