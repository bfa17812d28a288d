#include "storage/query.hpp"

namespace storage {

Query::~Query() {
    statement_.reset();
    --statement_.users;
}

Query& Query::bind(int index, std::int64_t value) {
    statement_.bind_int64(index, value);
    return *this;
}

Query& Query::bind(int index, std::string_view value) {
    statement_.bind_text(index, value);
    return *this;
}

Query& Query::bind(int index, core::TimePoint value) {
    return bind(index, core::unix_millis(value));
}

Query& Query::bind(int index, const std::optional<core::TimePoint>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Query& Query::bind_null(int index) {
    statement_.bind_null(index);
    return *this;
}

bool Query::step() {
    return statement_.step();
}

int Query::run() {
    return statement_.run();
}

void Query::send() {
    statement_.send();
}

std::int64_t Query::int64(int column) const {
    return statement_.int64(column);
}

std::string Query::text(int column) const {
    return statement_.text(column);
}

core::TimePoint Query::time(int column) const {
    return core::from_unix_millis(int64(column));
}

std::optional<core::TimePoint> Query::optional_time(int column) const {
    if (is_null(column)) return std::nullopt;
    return time(column);
}

bool Query::is_null(int column) const {
    return statement_.is_null(column);
}

}  // namespace storage
