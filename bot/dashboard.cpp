#include "bot/dashboard.hpp"

#include <stdexcept>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <boost/asio/post.hpp>

#include <spdlog/spdlog.h>

#include "bot/dashboard_support.hpp"
#include "core/threads.hpp"
#include "http/bearer.hpp"
#include "web/assets.hpp"
#include "web/pages.hpp"
#include "web/params.hpp"

namespace bot {
namespace {

// What a signed-in browser's cookie holds: HMAC-SHA256 of a constant under
// HTTP_TOKEN, in hex. Not the token itself, so a cookie read off a disk or
// a proxy's log does not give the API's bearer token away.
std::string session_value(const std::string& token) {
    if (token.empty()) return {};
    constexpr std::string_view label = "incident-bot dashboard session v1";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), token.data(), static_cast<int>(token.size()),
              reinterpret_cast<const unsigned char*>(label.data()), label.size(), mac, &size))
        throw std::runtime_error("HMAC-SHA256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += kHex[mac[i] >> 4];
        out += kHex[mac[i] & 15];
    }
    return out;
}

}  // namespace

using namespace dashboard;
using ops_http::Request;
using ops_http::Response;

Dashboard::Dashboard(const Config& config,
                     std::vector<std::unique_ptr<storage::Database>> connections,
                     std::shared_ptr<storage::ReadGate> readers, const core::Clock& clock,
                     boost::asio::io_context& replies, std::shared_ptr<spdlog::logger> logger)
    : config_(config),
      pool_(std::move(connections)),
      readers_(std::move(readers)),
      clock_(clock),
      replies_(replies),
      log_(std::move(logger)),
      work_(worker_io_.get_executor()),
      session_(session_value(config.http_token)) {
    // One thread per connection: a request always finds one free. Pages
    // give way to the loop's acks when both want a CPU.
    for (const auto& db : pool_) pool_free_.push_back(db.get());
    for (std::size_t i = 0; i < pool_.size(); ++i)
        workers_.emplace_back([this] {
            core::become_background_thread("dashboard");
            worker_io_.run();
        });
}

Dashboard::~Dashboard() {
    work_.reset();
    worker_io_.stop();
    for (auto& worker : workers_) worker.join();
}

void Dashboard::set_team_id(std::string team_id) {
    std::lock_guard lock(team_mutex_);
    team_id_ = std::move(team_id);
}

std::string Dashboard::team_id() const {
    std::lock_guard lock(team_mutex_);
    return team_id_;
}

void Dashboard::handle(const Request& request, ops_http::Responder respond) {
    boost::asio::post(worker_io_, [this, request, respond = std::move(respond)]() mutable {
        storage::Database* db = nullptr;
        {
            std::lock_guard lock(pool_mutex_);
            db = pool_free_.back();
            pool_free_.pop_back();
        }
        auto response = [&] {
            const auto pass = readers_->enter();
            return answer(request, *db);
        }();
        {
            std::lock_guard lock(pool_mutex_);
            pool_free_.push_back(db);
        }
        boost::asio::post(replies_,
                          [alive = std::weak_ptr<int>(alive_), respond = std::move(respond),
                           response = std::move(response)]() mutable {
                              if (!alive.expired()) respond(std::move(response));
                          });
    });
}

std::string_view Dashboard::area(std::string_view path) {
    if (path.starts_with("/api/")) return "/api";
    if (path == "/" || path == "/stats" || path == "/signin" || path == "/signout" ||
        path == "/live" || path.starts_with("/incidents/") || path.starts_with("/assets/"))
        return "/dashboard";
    return "";
}

bool Dashboard::signed_in(const Request& request) const {
    if (config_.http_token.empty()) return true;
    if (ops_http::bearer_matches(request.authorization, config_.http_token)) return true;
    const auto cookie = web::cookie_value(request.cookie, kCookie);
    return cookie && ops_http::bearer_matches("Bearer " + *cookie, session_);
}

Response Dashboard::answer(const Request& request, storage::Database& db) {
    try {
        if (area(request.path) == "/api") return api(request, db);
        if (request.path == "/signin") return signin(request);
        if (request.path == "/signout") return signout(request);
        if (request.path.starts_with("/assets/")) {
            if (request.path == "/assets/dashboard.css")
                return secured({200, "text/css; charset=utf-8", web::stylesheet()});
            if (request.path == "/assets/dashboard.js")
                return secured({200, "text/javascript; charset=utf-8", web::live_script()});
            return html(404, web::not_found_page("No such file."));
        }
        return page(request, db);
    } catch (const std::exception& e) {
        log_->error("dashboard {} failed: {}", request.path, e.what());
        return area(request.path) == "/api"
                   ? api_error(500, "internal", "internal error; see the bot's log")
                   : html(500, web::message_page("Internal error",
                                                 "Internal error; see the bot's log."));
    }
}

Response Dashboard::signin(const Request& request) {
    if (request.method == "GET")
        return html(200, web::signin_page(
                             local_target(param(web::parse_query(request.query), "next")), false));
    if (request.method != "POST")
        return html(405, web::message_page("Method not allowed", "Use GET or POST."));
    const auto form = web::parse_query(request.body);
    const auto next = local_target(param(form, "next"));
    if (config_.http_token.empty()) return redirect(next);
    if (!ops_http::bearer_matches("Bearer " + param(form, "token"), config_.http_token))
        return html(401, web::signin_page(next, true));
    auto r = redirect(next);
    r.headers.emplace_back("Set-Cookie",
                           std::string(kCookie) + "=" + session_ +
                               "; Path=/; HttpOnly; SameSite=Strict; Max-Age=2592000");
    return r;
}

Response Dashboard::signout(const Request& request) {
    if (request.method != "POST")
        return html(405, web::message_page("Method not allowed", "Use the Sign out button."));
    // The browser forgets its cookie. Every browser's session ends at once
    // when HTTP_TOKEN changes, since the cookie is derived from it.
    auto r = redirect("/signin");
    r.headers.emplace_back(
        "Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
}

}  // namespace bot
