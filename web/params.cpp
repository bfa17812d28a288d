#include "web/params.hpp"

#include <chrono>
#include <optional>
#include <vector>

#include "core/ascii.hpp"
#include "core/url_encoding.hpp"

namespace web {

namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view bytes) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kBase64Url[(acc >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += kBase64Url[(acc << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> unbase64url(std::string_view text) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const auto at = kBase64Url.find(c);
        if (at == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return out;
}

std::vector<std::string_view> split(std::string_view text, char by) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto at = text.find(by, start);
        parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
        if (at == std::string_view::npos) return parts;
        start = at + 1;
    }
}

core::Error bad_cursor() {
    return core::make_error("bad_cursor",
                            "cursor: pass back the next_cursor of a previous page unchanged");
}

}  // namespace

std::map<std::string, std::string> parse_query(std::string_view query) {
    std::map<std::string, std::string> out;
    for (const auto pair : split(query, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        const auto name = core::url_decode(pair.substr(0, eq));
        out[name] = eq == std::string_view::npos ? "" : core::url_decode(pair.substr(eq + 1));
    }
    return out;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    for (auto part : split(header, ';')) {
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        const auto eq = part.find('=');
        if (eq != std::string_view::npos && part.substr(0, eq) == name)
            return std::string(part.substr(eq + 1));
    }
    return std::nullopt;
}

core::Result<core::TimePoint> parse_since(std::string_view text, core::TimePoint now) {
    using namespace std::chrono;
    const auto bad =
        core::make_error("bad_since",
                         "since: a date (2026-01-15), a UTC time (2026-01-15T14:15:00Z) or a "
                         "duration back from now (30d, 12h)");
    if (text.size() >= 2 && (text.back() == 'd' || text.back() == 'h')) {
        const auto n = core::whole_number(text.substr(0, text.size() - 1));
        if (!n || *n < 0 || *n > 100 * 366) return bad;
        return text.back() == 'd' ? now - days(*n) : now - hours(*n);
    }
    if (text.size() != 10 && text.size() != 20) return bad;
    const auto num = [&](std::size_t at, std::size_t len) {
        return core::whole_number(text.substr(at, len));
    };
    const auto y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (!y || !m || !d || text[4] != '-' || text[7] != '-' || *y < 1970 || *y > 2200) return bad;
    const year_month_day ymd{year(static_cast<int>(*y)), month(static_cast<unsigned>(*m)),
                             day(static_cast<unsigned>(*d))};
    if (!ymd.ok()) return bad;
    core::TimePoint t = sys_days(ymd);
    if (text.size() == 20) {
        const auto hh = num(11, 2), mm = num(14, 2), ss = num(17, 2);
        if (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z' || !hh ||
            !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59)
            return bad;
        t += hours(*hh) + minutes(*mm) + seconds(*ss);
    }
    return t;
}

std::string encode(const ListCursor& cursor) {
    return base64url("l1." + std::to_string(cursor.before_id));
}

std::string encode(const TimelineCursor& cursor) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(cursor.after_at.time_since_epoch());
    return base64url("t1." + std::to_string(ms.count()) + "." + std::to_string(cursor.after_id));
}

core::Result<ListCursor> decode_list_cursor(std::string_view text) {
    const auto raw = unbase64url(text);
    if (!raw || !raw->starts_with("l1.")) return bad_cursor();
    const auto id = core::whole_number(std::string_view(*raw).substr(3));
    if (!id || *id <= 0) return bad_cursor();
    return ListCursor{*id};
}

core::Result<TimelineCursor> decode_timeline_cursor(std::string_view text) {
    const auto raw = unbase64url(text);
    if (!raw || !raw->starts_with("t1.")) return bad_cursor();
    const auto parts = split(std::string_view(*raw).substr(3), '.');
    if (parts.size() != 2) return bad_cursor();
    const auto ms = core::whole_number(parts[0]);
    const auto id = core::whole_number(parts[1]);
    if (!ms || !id || *id <= 0 || *ms < 0) return bad_cursor();
    return TimelineCursor{core::TimePoint(std::chrono::milliseconds(*ms)), *id};
}

}  // namespace web
