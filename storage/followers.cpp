#include "storage/followers.hpp"

namespace storage {

bool Followers::add(std::int64_t incident_id, const std::string& user_id, core::TimePoint now) {
    Query q = db_.query(
        "INSERT INTO followers (incident_id, user_id, since) VALUES (?1, ?2, ?3) "
        "ON CONFLICT DO NOTHING");
    q.bind(1, incident_id).bind(2, user_id).bind(3, now);
    return q.run() == 1;
}

bool Followers::remove(std::int64_t incident_id, const std::string& user_id) {
    Query q = db_.query("DELETE FROM followers WHERE incident_id = ?1 AND user_id = ?2");
    q.bind(1, incident_id).bind(2, user_id);
    return q.run() == 1;
}

std::vector<std::string> Followers::of(std::int64_t incident_id) {
    Query q =
        db_.query("SELECT user_id FROM followers WHERE incident_id = ?1 ORDER BY since, user_id");
    q.bind(1, incident_id);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}

}  // namespace storage
