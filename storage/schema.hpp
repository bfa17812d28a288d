#pragma once
// The versioned schema. Migrations are append-only: never edit one that has
// shipped; add the next version instead.
#include <span>
#include <string_view>

namespace storage {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;  // DDL only, constant; may hold several statements
};

std::span<const Migration> migrations();
int latest_schema_version();

}  // namespace storage
