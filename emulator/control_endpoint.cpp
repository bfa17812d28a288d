// /_emulator/…: lets a script in another process (the Node conformance test,
// a person with curl) drive the standalone emulator. JSON in, JSON out; no
// auth, loopback only. The endpoints are listed in emulator/main.cpp.
#include <boost/beast/http.hpp>

#include "emulator/request_body.hpp"
#include "emulator/server.hpp"

namespace emulator {

namespace http = boost::beast::http;
using nlohmann::json;

namespace {

HttpResponse reply(const HttpRequest& req, int status, const json& body) {
    HttpResponse res{static_cast<http::status>(status), req.version()};
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.keep_alive(req.keep_alive());
    res.body() = body.dump();
    res.prepare_payload();
    return res;
}

std::optional<Fault> fault_from(const json& args) {
    const auto kind = arg_string(args, "kind");
    Fault f{Fault::Kind::RateLimited};
    if (kind == "rate_limited")
        f.kind = Fault::Kind::RateLimited;
    else if (kind == "server_error")
        f.kind = Fault::Kind::ServerError;
    else if (kind == "delay")
        f.kind = Fault::Kind::Delay;
    else if (kind == "drop")
        f.kind = Fault::Kind::DropConnection;
    else if (kind == "drop_after_effect")
        f.kind = Fault::Kind::DropAfterEffect;
    else if (kind == "slack_error")
        f.kind = Fault::Kind::SlackError;
    else
        return std::nullopt;
    f.retry_after_seconds = arg_int(args, "retry_after", 1);
    f.http_status = arg_int(args, "status", 503);
    f.delay = std::chrono::milliseconds(arg_int(args, "delay_ms", 0));
    if (const auto error = arg_string(args, "error"); !error.empty()) f.error = error;
    return f;
}

// A user or channel given by id or by name.
std::string resolve_user(const Workspace& ws, const std::string& key) {
    for (const auto& u : ws.users())
        if (u.id == key || u.name == key) return u.id;
    return key;
}
std::string resolve_channel(const Workspace& ws, const std::string& key) {
    for (const auto& id : ws.channel_order())
        if (id == key || ws.channel(id)->channel.name == key) return id;
    return key;
}

}  // namespace

HttpResponse handle_control(Server& server, const HttpRequest& req) {
    const std::string target(req.target());
    const auto q = target.find('?');
    const auto path = target.substr(0, q);
    const auto query = parse_form(q == std::string::npos ? "" : target.substr(q + 1));
    auto body = req.body().empty() ? json::object() : json::parse(req.body(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return reply(req, 400, {{"ok", false}, {"error", "invalid_json"}});
    const auto action = path.substr(std::string("/_emulator/").size());

    if (action == "state") {
        auto state = server.with_state([&](const Workspace& ws) {
            json users = json::array(), channels = json::array();
            for (const auto& u : ws.users()) users.push_back(user_json(ws, u));
            for (const auto& id : ws.channel_order())
                channels.push_back(channel_json(ws, *ws.channel(id)));
            return json{{"ok", true},
                        {"bot_user_id", ws.bot().id},
                        {"users", users},
                        {"channels", channels}};
        });
        state["open_connections"] = server.open_connections();
        state["connections_opened"] = server.connections_opened();
        return reply(req, 200, state);
    }
    if (action == "users") {
        const auto id = server.change_state([&](Workspace& ws) {
            return ws.add_user(arg_string(body, "name"), arg_string(body, "real_name"));
        });
        return reply(req, 200, {{"ok", true}, {"id", id}});
    }
    if (action == "slash_command") {
        const auto [user, channel] = server.with_state([&](const Workspace& ws) {
            return std::pair{resolve_user(ws, arg_string(body, "user")),
                             resolve_channel(ws, arg_string(body, "channel"))};
        });
        const auto id = server.send_slash_command(user, channel, arg_string(body, "text"));
        return reply(req, 200, {{"ok", true}, {"envelope_id", id}});
    }
    if (action == "event") {
        const auto id = server.send_event(body.value("event", json::object()));
        return reply(req, 200, {{"ok", true}, {"event_id", id}});
    }
    if (action == "react" || action == "pin") {
        // A person's reaction or pin ({"user","channel","ts","name","remove"}),
        // and the event the app hears if it is in the channel.
        const bool add = !arg_bool(body, "remove");
        const auto marked = server.change_state([&](Workspace& ws) {
            auto* c = ws.channel(resolve_channel(ws, arg_string(body, "channel")));
            const auto user = resolve_user(ws, arg_string(body, "user"));
            const auto ts = arg_string(body, "ts");
            if (!c) return Workspace::Marked{};
            return action == "react" ? ws.react(*c, user, ts, arg_string(body, "name"), add)
                                     : ws.pin(*c, user, ts, add);
        });
        if (!marked.changed) return reply(req, 200, {{"ok", false}, {"error", "no_change"}});
        const auto id = marked.event ? server.send_event(*marked.event) : std::string();
        return reply(req, 200, {{"ok", true}, {"event_id", id}});
    }
    if (action == "disconnect") {
        server.send_disconnect(arg_string(body, "reason"));
        return reply(req, 200, {{"ok", true}});
    }
    if (action == "drop") {
        server.drop_connections();
        return reply(req, 200, {{"ok", true}});
    }
    if (action == "inject") {
        const auto fault = fault_from(body);
        if (!fault) return reply(req, 400, {{"ok", false}, {"error", "unknown_fault_kind"}});
        server.inject(arg_string(body, "method"), *fault, arg_int(body, "count", 1));
        return reply(req, 200, {{"ok", true}});
    }
    if (action == "acks") {
        json out = json::array();
        for (const auto& a : server.acks()) {
            out.push_back(
                {{"envelope_id", a.envelope_id},
                 {"type", a.type},
                 {"payload", a.payload.value_or(json())},
                 {"latency_ms", std::chrono::duration<double, std::milli>(a.latency).count()},
                 {"late", a.late}});
        }
        return reply(req, 200, {{"ok", true}, {"acks", out}});
    }
    if (action == "calls") {
        json out = json::array();
        for (const auto& c : server.calls(arg_string(query, "method")))
            out.push_back({{"method", c.method},
                           {"args", c.args},
                           {"http_status", c.http_status},
                           {"response", c.response}});
        return reply(req, 200, {{"ok", true}, {"calls", out}});
    }
    if (action == "failures") {
        json out = json::array();
        for (const auto& f : server.failures())
            out.push_back({{"envelope_id", f.envelope_id}, {"type", f.type}, {"error", f.error}});
        return reply(req, 200, {{"ok", true}, {"failures", out}});
    }
    return reply(req, 404, {{"ok", false}, {"error", "unknown_control"}});
}

}  // namespace emulator
