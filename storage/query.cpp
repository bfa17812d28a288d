#include "storage/query.hpp"

#include <SQLiteCpp/Column.h>

namespace storage {

Query::~Query() {
    // tryReset reports the error of the last step, which was already thrown
    // from step()/run(); here only the cleanup matters.
    statement_.tryReset();
    try {
        statement_.clearBindings();  // sqlite3_clear_bindings cannot fail in practice
    } catch (...) {
    }
}

Query& Query::bind(int index, std::int64_t value) {
    statement_.bind(index, static_cast<int64_t>(value));
    return *this;
}

Query& Query::bind(int index, std::string_view value) {
    statement_.bind(index, std::string(value));
    return *this;
}

Query& Query::bind(int index, core::TimePoint value) {
    return bind(index, core::unix_millis(value));
}

Query& Query::bind(int index, const std::optional<core::TimePoint>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Query& Query::bind_null(int index) {
    statement_.bind(index);
    return *this;
}

bool Query::step() {
    return statement_.executeStep();
}

int Query::run() {
    while (statement_.executeStep()) {
    }
    return statement_.getChanges();
}

std::int64_t Query::int64(int column) const {
    return statement_.getColumn(column).getInt64();
}

std::string Query::text(int column) const {
    return statement_.getColumn(column).getString();
}

core::TimePoint Query::time(int column) const {
    return core::from_unix_millis(int64(column));
}

std::optional<core::TimePoint> Query::optional_time(int column) const {
    if (is_null(column)) return std::nullopt;
    return time(column);
}

bool Query::is_null(int column) const {
    return statement_.getColumn(column).isNull();
}

}  // namespace storage
