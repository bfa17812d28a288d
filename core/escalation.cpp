#include "core/escalation.hpp"

#include <cctype>

#include "core/duration.hpp"

namespace core {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            parts.push_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    return parts;
}

bool valid_contact(std::string_view id) {
    if (id.size() < 3 || (id[0] != 'U' && id[0] != 'W' && id[0] != 'S')) return false;
    for (char c : id)
        if (!(std::isupper(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c))))
            return false;
    return true;
}
}  // namespace

bool is_user_group(std::string_view id) {
    return !id.empty() && id[0] == 'S';
}

std::vector<std::string> people_of(const std::vector<std::string>& contacts) {
    std::vector<std::string> people;
    for (const auto& contact : contacts)
        if (!is_user_group(contact)) people.push_back(contact);
    return people;
}

std::string describe_contacts(const std::vector<std::string>& contacts,
                              const std::function<std::string(const std::string&)>& show) {
    std::string text;
    for (std::size_t i = 0; i < contacts.size(); ++i) text += (i ? ", " : "") + show(contacts[i]);
    return text;
}

std::string describe(const EscalationEvent& event,
                     const std::function<std::string(const std::string&)>& show) {
    const std::string contacts = describe_contacts(event.contacts, show);
    return event.level + ":" + (contacts.empty() ? "" : " " + contacts);
}

std::string escalation_event_text(int level, const std::vector<std::string>& contacts,
                                  std::string_view reason) {
    std::string text = describe({"level " + std::to_string(level), contacts},
                                [](const std::string& id) { return id; });
    if (!reason.empty()) text += "\n" + std::string(reason);
    return text;
}

std::string paged_event_text(const std::vector<std::string>& people, std::string_view reason) {
    std::string text = describe({"paged", people}, [](const std::string& id) { return id; });
    if (!reason.empty()) text += "\n" + std::string(reason);
    return text;
}

std::optional<EscalationEvent> parse_escalation_event(std::string_view text) {
    std::string reason;
    if (const auto line = text.find('\n'); line != std::string_view::npos) {
        reason = text.substr(line + 1);
        text = text.substr(0, line);
    }
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    EscalationEvent event{std::string(text.substr(0, colon)), {}, std::move(reason)};
    if (event.level != "paged") {
        if (!event.level.starts_with("level ") || event.level.size() == 6) return std::nullopt;
        for (const auto digit : event.level.substr(6))
            if (!std::isdigit(static_cast<unsigned char>(digit))) return std::nullopt;
    }
    for (std::string_view id : split(text.substr(colon + 1), ',')) {
        if (!valid_contact(id)) return std::nullopt;
        event.contacts.emplace_back(id);
    }
    return event;
}

Result<EscalationPolicy> parse_escalation_policy(std::string_view text) {
    EscalationPolicy policy;
    text = trim(text);
    if (text.empty() || text == "off") return policy;
    for (std::string_view level_text : split(text, ';')) {
        if (level_text.empty()) continue;
        const auto colon = level_text.find(':');
        if (colon == std::string_view::npos)
            return make_error("bad_value", "level `" + std::string(level_text) +
                                               "` should be delay:ids, e.g. 15m:U0123ABCD");
        const auto delay_text = trim(level_text.substr(0, colon));
        EscalationLevel level;
        if (delay_text == "0" || delay_text == "0m" || delay_text == "0s") {
            level.after = std::chrono::seconds{0};
        } else if (auto d = parse_duration(delay_text)) {
            level.after = *d;
        } else {
            return make_error(
                "bad_value", "`" + std::string(delay_text) + "` is not a delay like 0m, 15m or 1h");
        }
        if (!policy.empty() && level.after <= policy.back().after)
            return make_error("bad_value", "level delays must increase (" +
                                               std::string(delay_text) + " after " +
                                               format_duration(policy.back().after) + ")");
        for (std::string_view id : split(level_text.substr(colon + 1), ',')) {
            if (!valid_contact(id))
                return make_error(
                    "bad_value",
                    "`" + std::string(id) + "` is not a Slack user (U…) or user-group (S…) id");
            level.contacts.emplace_back(id);
        }
        policy.push_back(std::move(level));
    }
    return policy;
}

}  // namespace core
