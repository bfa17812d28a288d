#include "slack/url.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"

namespace slack {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

core::Error bad_url(std::string what) {
    return core::make_error("bad_url", std::move(what));
}

}  // namespace

std::string Url::authority() const {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
    return host + ":" + port;
}

std::string Url::redacted() const {
    std::string path = target.substr(0, target.find('?'));
    // response_url paths (/actions/T…/…/secret) are bearer credentials too.
    if (path.rfind("/actions/", 0) == 0 || path.rfind("/commands/", 0) == 0) path = "/…";
    return scheme + "://" + authority() + path;
}

bool is_loopback_host(std::string_view host) {
    std::string h = core::ascii_lower(host);
    if (h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1") return true;
    // 127.0.0.0/8 written as a dotted quad.
    if (h.rfind("127.", 0) != 0) return false;
    int parts = 0;
    std::size_t start = 0;
    while (start <= h.size()) {
        std::size_t dot = h.find('.', start);
        std::string_view part =
            std::string_view(h).substr(start, dot == std::string::npos ? dot : dot - start);
        if (!all_digits(part) || part.size() > 3 || std::stoi(std::string(part)) > 255) {
            return false;
        }
        ++parts;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parts == 4;
}

core::Result<Url> parse_url(std::string_view text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return bad_url("URL has no scheme (https://…)");
    Url url;
    url.scheme = core::ascii_lower(text.substr(0, scheme_end));
    std::string default_port;
    if (url.scheme == "https" || url.scheme == "wss") {
        default_port = "443";
    } else if (url.scheme == "http" || url.scheme == "ws") {
        default_port = "80";
    } else {
        return bad_url("URL scheme must be http, https, ws or wss");
    }
    std::string_view rest = text.substr(scheme_end + 3);
    std::size_t path_start = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, path_start);
    std::string_view target =
        path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
    if (auto hash = target.find('#'); hash != std::string_view::npos) {
        target = target.substr(0, hash);
    }
    if (authority.find('@') != std::string_view::npos) {
        return bad_url("URL must not carry credentials before the host");
    }
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return bad_url("URL has an unclosed IPv6 literal");
        url.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return bad_url("URL has junk after the IPv6 literal");
            port = after.substr(1);
        }
    } else {
        auto colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    }
    url.host = core::ascii_lower(url.host);
    if (url.host.empty()) return bad_url("URL has no host");
    if (!port.empty()) {
        if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535 ||
            std::stoi(std::string(port)) == 0) {
            return bad_url("URL port must be a number from 1 to 65535");
        }
        url.port = std::string(port);
    } else {
        url.port = default_port;
    }
    url.target = target.empty() ? "/" : std::string(target);
    if (url.target.front() == '?') url.target.insert(url.target.begin(), '/');
    if (!url.secure() && !is_loopback_host(url.host)) {
        return bad_url("plain " + url.scheme + " is allowed only for loopback hosts; use " +
                       (url.scheme == "http" ? "https" : "wss") + " for " + url.host);
    }
    return url;
}

std::string join_api_url(std::string_view base, std::string_view method) {
    std::string url(base);
    if (url.empty() || url.back() != '/') url.push_back('/');
    url.append(method);
    return url;
}

}  // namespace slack
