#include "commands/slack_text.hpp"

#include <cctype>
#include <map>
#include <optional>

#include "commands/user_ref.hpp"
#include "messages/mrkdwn.hpp"
#include "messages/utf8.hpp"

namespace commands {

namespace {

bool is_url_scheme(std::string_view s) {
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 16) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    return std::isalpha(static_cast<unsigned char>(s[0])) != 0;
}

// Content between `<` and `>` as a person would have typed it; nullopt when
// it is not one of Slack's tokens (then the brackets were typed literally).
std::optional<std::string> token_text(std::string_view inner) {
    const std::size_t bar = inner.find('|');
    const std::string_view target = inner.substr(0, bar);
    const std::string_view label =
        bar == std::string_view::npos ? std::string_view{} : inner.substr(bar + 1);
    if (target.empty()) return std::nullopt;
    switch (target.front()) {
        case '@':
            if (!label.empty())
                return label.front() == '@' ? std::string(label) : "@" + std::string(label);
            return std::string(target);
        case '#':
            if (!label.empty()) return "#" + std::string(label);
            return std::string(target);
        case '!': {
            if (target.starts_with("!date^") && !label.empty()) return std::string(label);
            if (!label.empty())
                return label.front() == '@' ? std::string(label) : "@" + std::string(label);
            const std::string_view name = target.substr(1);
            const std::size_t caret = name.find('^');
            return "@" + std::string(name.substr(caret == std::string_view::npos ? 0 : caret + 1));
        }
        default:
            break;
    }
    if (!is_url_scheme(target)) return std::nullopt;
    if (label.empty()) return std::string(target);
    // Slack links what looks like a link: "example.com" arrives as
    // <http://example.com|example.com>; show it once.
    const std::size_t scheme_end = target.find(':');
    std::string_view rest = target.substr(scheme_end + 1);
    while (rest.starts_with("/")) rest.remove_prefix(1);
    if (label == target || label == rest) return std::string(label);
    return std::string(label) + " (" + std::string(target) + ")";
}

std::string unescape_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            const std::string_view rest = s.substr(i);
            if (rest.starts_with("&lt;")) {
                out += '<';
                i += 3;
                continue;
            }
            if (rest.starts_with("&gt;")) {
                out += '>';
                i += 3;
                continue;
            }
            if (rest.starts_with("&amp;")) {
                out += '&';
                i += 4;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string clean(std::string_view s) {
    const std::string valid = messages::valid_utf8(s);
    std::string out;
    out.reserve(valid.size());
    for (std::size_t i = 0; i < valid.size(); ++i) {
        const auto c = static_cast<unsigned char>(valid[i]);
        if (c == '\r') {
            if (i + 1 < valid.size() && valid[i + 1] == '\n') continue;
            out += '\n';
        } else if (c == '\n' || c == '\t' || c >= 0x20) {
            if (c != 0x7F) out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

std::string plain_text(std::string_view wire) {
    const std::string text = clean(wire);
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '<') {
            const std::size_t close = text.find('>', i + 1);
            const std::size_t next_open = text.find('<', i + 1);
            if (close != std::string::npos &&
                (next_open == std::string::npos || next_open > close)) {
                if (auto typed = token_text(std::string_view(text).substr(i + 1, close - i - 1))) {
                    out += *typed;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i];
        ++i;
    }
    return unescape_entities(out);
}

std::string label_mentions(std::string_view wire, const NameOf& name_of, std::size_t limit) {
    std::map<std::string, std::optional<std::string>, std::less<>> looked_up;
    std::string out;
    out.reserve(wire.size());
    std::size_t i = 0;
    while (i < wire.size()) {
        const std::size_t open = wire.find("<@", i);
        if (open == std::string_view::npos) break;
        const std::size_t close = wire.find('>', open);
        if (close == std::string_view::npos) break;
        const std::string_view id = wire.substr(open + 2, close - open - 2);
        out.append(wire.substr(i, close - i));
        i = close;
        if (!is_user_id(id)) continue;
        auto known = looked_up.find(id);
        if (known == looked_up.end()) {
            if (looked_up.size() >= limit) continue;
            known = looked_up.emplace(std::string(id), name_of(std::string(id))).first;
        }
        const auto& name = known->second;
        if (!name || name->empty() || name->find('|') != std::string::npos) continue;
        out += '|' + messages::escape(*name);
    }
    out.append(wire.substr(i));
    return out;
}

std::string link_target(std::string_view wire) {
    if (wire.size() >= 2 && wire.front() == '<' && wire.back() == '>') {
        const std::string_view inner = wire.substr(1, wire.size() - 2);
        const std::string_view target = inner.substr(0, inner.find('|'));
        if (is_url_scheme(target) && target.find('<') == std::string_view::npos)
            return unescape_entities(clean(target));
    }
    return plain_text(wire);
}

}  // namespace commands
