#pragma once
// URLs the transport connects to: the Web API base, Socket Mode's wss URL and
// response_url. Plain http/ws is refused unless the host is loopback, so a
// misconfigured SLACK_API_URL can never send a token in clear text.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace slack {

struct Url {
    std::string scheme;  // http, https, ws or wss (lower case)
    std::string host;    // without brackets for IPv6 literals
    std::string port;    // always filled: the scheme's default when absent
    std::string target;  // path and query, at least "/"

    bool secure() const { return scheme == "https" || scheme == "wss"; }
    // host:port, the key of a connection pool and the Host header.
    std::string authority() const;
    // The URL without its query: Socket Mode's `ticket` and response_url's
    // path are credentials, so this is the only form that may be logged.
    std::string redacted() const;
};

bool is_loopback_host(std::string_view host);

core::Result<Url> parse_url(std::string_view text);

// Joins the Web API base (`https://slack.com/api/`) and a method name.
std::string join_api_url(std::string_view base, std::string_view method);

}  // namespace slack
