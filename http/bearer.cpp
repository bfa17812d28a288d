#include "http/bearer.hpp"

#include <cstddef>

namespace ops_http {

bool bearer_matches(std::string_view authorization, std::string_view token) {
    constexpr std::string_view kScheme = "Bearer ";
    if (token.empty() || authorization.size() < kScheme.size()) return false;
    unsigned diff = 0;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        diff |= static_cast<unsigned char>(authorization[i] | 0x20) ^
                static_cast<unsigned char>(kScheme[i] | 0x20);
    const auto given = authorization.substr(kScheme.size());
    diff |= static_cast<unsigned>(given.size() ^ token.size());
    // Always walks the whole expected token, whatever was given.
    for (std::size_t i = 0; i < token.size(); ++i) {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff |= g ^ static_cast<unsigned char>(token[i]);
    }
    return diff == 0;
}

}  // namespace ops_http
