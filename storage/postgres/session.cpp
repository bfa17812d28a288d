#include "storage/postgres/session.hpp"

#include <utility>

#include "storage/backend.hpp"

namespace storage::postgres {

std::string with_client_timeouts(const std::string& target) {
    // libpq's parameters, each unless the target sets it itself.
    static constexpr std::pair<const char*, const char*> kDefaults[] = {
        {"connect_timeout", "3"},       // seconds to connect
        {"keepalives", "1"},            // a silent server is probed...
        {"keepalives_idle", "5"},       // ...after 5 s of silence,
        {"keepalives_interval", "2"},   // every 2 s,
        {"keepalives_count", "3"},      // and given up after 3 probes
        {"tcp_user_timeout", "10000"},  // ms for what we sent to be acknowledged
    };
    const bool uri = target.find("://") != std::string::npos;
    std::string out = target;
    for (const auto& [name, value] : kDefaults) {
        const std::string key = std::string(name) + "=";
        const auto at = target.find(key);
        // `keepalives=` is also the start of `keepalives_idle=`: a match must
        // begin the parameter (after ?, & or a space, or at the start).
        if (at != std::string::npos &&
            (at == 0 || target[at - 1] == '?' || target[at - 1] == '&' || target[at - 1] == ' '))
            continue;
        if (uri)
            out += (out.find('?') == std::string::npos ? "?" : "&") + key + value;
        else
            out += " " + key + value;
    }
    return out;
}

std::unique_ptr<pqxx::connection> open_session(const std::string& target,
                                               const std::string& redacted) {
    std::unique_ptr<pqxx::connection> session;
    try {
        session = std::make_unique<pqxx::connection>(with_client_timeouts(target));
    } catch (const pqxx::broken_connection& e) {
        // libpq's message names host and port, never the password.
        throw DatabaseUnavailable("cannot reach the database at " + redacted + ": " +
                                  std::string(e.what()));
    }
    // Connected by its constructor, as libpqxx asks before reactivation is
    // inhibited.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    session->inhibit_reactivation(true);  // deprecated only because 7.0 always does this
#pragma GCC diagnostic pop
    return session;
}

}  // namespace storage::postgres
