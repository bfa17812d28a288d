#pragma once
// One use of a cached prepared statement: bind, step, read, and on scope exit
// reset it so the cached statement never holds a read snapshot open.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "storage/backend.hpp"

namespace storage {

class Query {
  public:
    explicit Query(Statement& statement) noexcept : statement_(statement) { ++statement_.users; }
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    // Parameters are 1-based, as in SQL (`?1`, `?2`, ...).
    Query& bind(int index, std::int64_t value);
    Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Query& bind(int index, std::string_view value);
    Query& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Query& bind(int index, core::TimePoint value);                        // unix milliseconds
    Query& bind(int index, const std::optional<core::TimePoint>& value);  // NULL when empty
    Query& bind_null(int index);

    // Fetches the next row; false when there is none.
    bool step();
    // Runs a statement that returns no rows; returns the number of rows changed.
    int run();
    // The same, for a write whose answer is not needed: on PostgreSQL it
    // travels with the transaction's next round trip (Statement::send).
    void send();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    core::TimePoint time(int column) const;
    std::optional<core::TimePoint> optional_time(int column) const;
    bool is_null(int column) const;

  private:
    Statement& statement_;
};

}  // namespace storage
