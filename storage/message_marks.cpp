#include "storage/message_marks.hpp"

namespace storage {

bool MessageMarks::add(std::int64_t incident_id, const std::string& message_ts,
                       std::string_view marked_by, core::TimePoint now) {
    Query q = db_.query(
        "INSERT INTO message_marks (incident_id, message_ts, marked_by, marked_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    q.bind(1, incident_id).bind(2, message_ts).bind(3, marked_by).bind(4, now);
    return q.run() == 1;
}

bool MessageMarks::remove(std::int64_t incident_id, const std::string& message_ts,
                          std::string_view marked_by) {
    Query q = db_.query(
        "DELETE FROM message_marks WHERE incident_id = ?1 AND message_ts = ?2 AND marked_by = ?3");
    q.bind(1, incident_id).bind(2, message_ts).bind(3, marked_by);
    return q.run() == 1;
}

bool MessageMarks::any(std::int64_t incident_id, const std::string& message_ts) {
    Query q =
        db_.query("SELECT 1 FROM message_marks WHERE incident_id = ?1 AND message_ts = ?2 LIMIT 1");
    q.bind(1, incident_id).bind(2, message_ts);
    return q.step();
}

}  // namespace storage
