#include "storage/action_items.hpp"

#include <algorithm>

#include "core/severity.hpp"

namespace storage {
namespace {

#define IB_ACTION_COLUMNS \
    "id, incident_id, number, body, owner, due_date, done, created_at, created_by, reminded_for"

std::optional<core::Date> date_column(const Query& q, int column) {
    return core::parse_date(q.text(column));
}

core::ActionItem row_to_item(const Query& q) {
    core::ActionItem a;
    a.id = q.int64(0);
    a.incident_id = q.int64(1);
    a.number = static_cast<int>(q.int64(2));
    a.text = q.text(3);
    a.owner = q.text(4);
    a.due = date_column(q, 5);
    a.done = q.int64(6) != 0;
    a.created_at = q.time(7);
    a.created_by = q.text(8);
    a.reminded_for = date_column(q, 9);
    return a;
}

std::string date_text(const std::optional<core::Date>& d) {
    return d ? core::to_string(*d) : std::string();
}

}  // namespace

std::int64_t ActionItems::save(const core::ActionItem& a) {
    if (a.id == 0) {
        Query q = db_.query(
            "INSERT INTO action_items (incident_id, number, body, owner, due_date, done, "
            "created_at, created_by, reminded_for) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
            "RETURNING id");
        q.bind(1, a.incident_id)
            .bind(2, a.number)
            .bind(3, a.text)
            .bind(4, a.owner)
            .bind(5, date_text(a.due))
            .bind(6, a.done ? 1 : 0)
            .bind(7, a.created_at)
            .bind(8, a.created_by)
            .bind(9, date_text(a.reminded_for));
        q.step();
        return q.int64(0);
    }
    db_.query(
           "UPDATE action_items SET body = ?2, owner = ?3, due_date = ?4, done = ?5, "
           "reminded_for = ?6 WHERE id = ?1")
        .bind(1, a.id)
        .bind(2, a.text)
        .bind(3, a.owner)
        .bind(4, date_text(a.due))
        .bind(5, a.done ? 1 : 0)
        .bind(6, date_text(a.reminded_for))
        .run();
    return a.id;
}

std::vector<core::ActionItem> ActionItems::list(std::int64_t incident_id) {
    Query q = db_.query("SELECT " IB_ACTION_COLUMNS
                        " FROM action_items WHERE incident_id = ?1 ORDER BY number");
    q.bind(1, incident_id);
    std::vector<core::ActionItem> out;
    while (q.step()) out.push_back(row_to_item(q));
    return out;
}

int ActionItems::next_number(std::int64_t incident_id) {
    Query q =
        db_.query("SELECT COALESCE(MAX(number), 0) + 1 FROM action_items WHERE incident_id = ?1");
    q.bind(1, incident_id);
    q.step();
    return static_cast<int>(q.int64(0));
}

std::vector<core::ActionItem> ActionItems::due_for_reminder(std::int64_t incident_id,
                                                            core::TimePoint now) {
    std::vector<core::ActionItem> out;
    for (auto& a : list(incident_id))
        if (!a.done && a.due && a.reminded_for != a.due && core::overdue_at(*a.due) <= now)
            out.push_back(std::move(a));
    return out;
}

}  // namespace storage
