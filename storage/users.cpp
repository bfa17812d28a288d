#include "storage/users.hpp"

#include "core/ascii.hpp"

namespace storage {
namespace {

std::string name_key(std::string_view name) {
    if (!name.empty() && name.front() == '@') name.remove_prefix(1);
    return core::ascii_lower(name);
}

}  // namespace

void Users::upsert(std::string_view user_id, std::string_view name, core::TimePoint now) {
    db_.query(
           "INSERT INTO users (user_id, name, name_key, updated_at) VALUES (?1, ?2, ?3, ?4) "
           "ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, "
           "name_key = excluded.name_key, updated_at = excluded.updated_at")
        .bind(1, user_id)
        .bind(2, name)
        .bind(3, name_key(name))
        .bind(4, now)
        .send();
}

std::optional<std::string> Users::find_by_name(std::string_view name) {
    const std::string key = name_key(name);
    if (key.empty()) return std::nullopt;
    Query q =
        db_.query("SELECT user_id FROM users WHERE name_key = ?1 ORDER BY updated_at DESC LIMIT 1");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

std::optional<std::string> Users::find_name(std::string_view user_id) {
    Query q = db_.query("SELECT name FROM users WHERE user_id = ?1");
    q.bind(1, user_id);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

std::map<std::string, std::string> Users::names() {
    Query q = db_.query("SELECT user_id, name FROM users");
    std::map<std::string, std::string> out;
    while (q.step()) out.emplace(q.text(0), q.text(1));
    return out;
}

}  // namespace storage
