#include "core/duration.hpp"

#include <cctype>
#include <cstdint>

namespace core {

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
    static constexpr struct {
        char unit;
        std::int64_t seconds;
    } kUnits[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
    std::int64_t total = 0;
    std::size_t next_unit = 0;  // units must come largest first
    std::size_t i = 0;
    if (text.empty()) return std::nullopt;
    while (i < text.size()) {
        std::int64_t n = 0;
        std::size_t digits = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            n = n * 10 + (text[i] - '0');
            if (n > 10'000'000) return std::nullopt;
            ++i;
            ++digits;
        }
        if (digits == 0 || i == text.size()) return std::nullopt;
        const char u = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
        std::size_t k = next_unit;
        while (k < std::size(kUnits) && kUnits[k].unit != u) ++k;
        if (k == std::size(kUnits)) return std::nullopt;
        total += n * kUnits[k].seconds;
        next_unit = k + 1;
    }
    if (total <= 0) return std::nullopt;
    return std::chrono::seconds{total};
}

std::string format_duration(std::chrono::seconds d) {
    std::int64_t s = d.count();
    if (s <= 0) return "0s";
    std::string out;
    const auto part = [&](std::int64_t unit, char name) {
        if (s >= unit) {
            out += std::to_string(s / unit) + name;
            s %= unit;
        }
    };
    part(86400, 'd');
    part(3600, 'h');
    part(60, 'm');
    part(1, 's');
    return out;
}

}  // namespace core
