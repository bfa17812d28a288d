#include "storage/ops_figures.hpp"

#include <exception>

namespace storage {

OpsFigures read_ops_figures(Database& db) {
    OpsFigures f;
    {
        Query q = db.query(
            "SELECT severity, COUNT(*) FROM incidents WHERE state != 'resolved' GROUP BY severity");
        while (q.step())
            if (const auto s = core::parse_severity(q.text(0)))
                f.open_incidents[core::index(*s)] = q.int64(1);
    }
    Query q = db.query("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'");
    if (q.step()) {
        f.outbox_pending = q.int64(0);
        if (f.outbox_pending > 0) f.oldest_pending_since = q.time(1);
    }
    return f;
}

bool writable(Database& db) {
    return db.writable();
}

}  // namespace storage
