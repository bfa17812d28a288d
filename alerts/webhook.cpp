#include "alerts/webhook.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

namespace alerts {

using nlohmann::json;

namespace {

core::Error bad(std::string code, std::string message) {
    return core::make_error(std::move(code), std::move(message));
}

std::optional<Status> parse_status(const json& value) {
    if (!value.is_string()) return std::nullopt;
    const auto& s = value.get_ref<const std::string&>();
    if (s == "firing") return Status::Firing;
    if (s == "resolved") return Status::Resolved;
    return std::nullopt;
}

// A string->string object; anything else (absent, null) is empty, and
// non-string values are skipped rather than failing the delivery.
LabelSet labels_at(const json& object, const char* key) {
    LabelSet out;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_object()) return out;
    for (const auto& [k, v] : it->items())
        if (v.is_string()) out.emplace(k, v.get<std::string>());
    return out;
}

std::string string_at(const json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

}  // namespace

std::string_view to_string(Status s) {
    return s == Status::Firing ? "firing" : "resolved";
}

core::Result<core::TimePoint> parse_rfc3339(std::string_view t) {
    const auto fail = [&] {
        return bad("bad_time", "`" + std::string(t.substr(0, 40)) + "` is not an RFC 3339 time");
    };
    int y, mo, d, h, mi, s;
    if (!digits(t, 0, 4, y) || t.size() < 20 || t[4] != '-' || !digits(t, 5, 2, mo) ||
        t[7] != '-' || !digits(t, 8, 2, d) || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') ||
        !digits(t, 11, 2, h) || t[13] != ':' || !digits(t, 14, 2, mi) || t[16] != ':' ||
        !digits(t, 17, 2, s))
        return fail();
    std::size_t i = 19;
    std::chrono::nanoseconds fraction{0};
    if (i < t.size() && t[i] == '.') {
        ++i;
        std::int64_t scale = 100'000'000;
        const auto start = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
            fraction += std::chrono::nanoseconds((t[i] - '0') * scale);
            scale /= 10;
            ++i;
        }
        if (i == start) return fail();
    }
    std::chrono::minutes offset{0};
    if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
        ++i;
    } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
        int oh, om;
        if (!digits(t, i + 1, 2, oh) || i + 3 >= t.size() || t[i + 3] != ':' ||
            !digits(t, i + 4, 2, om))
            return fail();
        offset = std::chrono::minutes((oh * 60 + om) * (t[i] == '-' ? -1 : 1));
        i += 6;
    } else {
        return fail();
    }
    const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                           std::chrono::day(unsigned(d))};
    if (i != t.size() || !date.ok() || h > 23 || mi > 59 || s > 60) return fail();
    // A TimePoint counts nanoseconds from 1970 in 64 bits: years 1678 to 2261.
    // Alertmanager's "no time" is 0001-01-01; nothing real is outside 1970..2200.
    if (y < 1970 || y > 2200) return fail();
    const auto at = std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) +
                    std::chrono::seconds(s) + fraction - offset;
    return std::chrono::time_point_cast<core::TimePoint::duration>(at);
}

core::Result<AlertGroup> parse_webhook(std::string_view body) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return bad("bad_json", "the body is not a JSON object");
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_string())
        return bad("bad_version", "no \"version\": expected Alertmanager's webhook version \"4\"");
    if (version->get_ref<const std::string&>() != "4")
        return bad("bad_version", "webhook version \"" + version->get<std::string>().substr(0, 20) +
                                      "\" is not supported; expected \"4\"");
    AlertGroup g;
    g.group_key = string_at(doc, "groupKey");
    if (g.group_key.empty()) return bad("bad_payload", "\"groupKey\" is missing or empty");
    if (g.group_key.size() > kMaxGroupKeyBytes)
        return bad("bad_payload",
                   "\"groupKey\" is longer than " + std::to_string(kMaxGroupKeyBytes) + " bytes");
    const auto status = doc.find("status");
    const auto group_status = status == doc.end() ? std::nullopt : parse_status(*status);
    if (!group_status) return bad("bad_payload", "\"status\" must be \"firing\" or \"resolved\"");
    g.status = *group_status;
    g.receiver = string_at(doc, "receiver");
    g.group_labels = labels_at(doc, "groupLabels");
    g.common_labels = labels_at(doc, "commonLabels");
    g.common_annotations = labels_at(doc, "commonAnnotations");
    g.external_url = string_at(doc, "externalURL");
    if (const auto t = doc.find("truncatedAlerts"); t != doc.end() && t->is_number_integer())
        g.truncated_alerts =
            static_cast<int>(std::clamp<std::int64_t>(t->get<std::int64_t>(), 0, 1'000'000'000));
    const auto list = doc.find("alerts");
    if (list == doc.end() || !list->is_array())
        return bad("bad_payload", "\"alerts\" must be an array");
    if (list->size() > kMaxAlerts)
        return bad("bad_payload",
                   "more than " + std::to_string(kMaxAlerts) + " alerts in one delivery");
    for (const auto& a : *list) {
        if (!a.is_object()) return bad("bad_payload", "an alert is not an object");
        Alert alert;
        const auto s = a.find("status");
        const auto alert_status = s == a.end() ? std::nullopt : parse_status(*s);
        if (!alert_status)
            return bad("bad_payload", "an alert's \"status\" must be \"firing\" or \"resolved\"");
        alert.status = *alert_status;
        alert.labels = labels_at(a, "labels");
        alert.annotations = labels_at(a, "annotations");
        alert.generator_url = string_at(a, "generatorURL");
        alert.fingerprint = string_at(a, "fingerprint");
        if (alert.fingerprint.empty() || alert.fingerprint.size() > 64)
            return bad("bad_payload", "an alert has no usable \"fingerprint\"");
        if (auto at = parse_rfc3339(string_at(a, "startsAt"))) alert.starts_at = *at;
        g.alerts.push_back(std::move(alert));
    }
    return g;
}

std::string describe(const Alert& alert) {
    const auto name = alert.labels.find("alertname");
    std::string out = name == alert.labels.end() ? "alert" : name->second;
    std::string inner;
    for (const auto& [k, v] : alert.labels) {
        if (k == "alertname") continue;
        if (!inner.empty()) inner += ", ";
        inner += k + "=\"" + v + "\"";
    }
    return inner.empty() ? out : out + "{" + inner + "}";
}

}  // namespace alerts
