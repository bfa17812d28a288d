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

// In increasing version order; a version may be missing (a migration of a
// branch merged later): a migration applies once whenever it is not recorded
// in schema_migrations, whatever the highest recorded version.
std::span<const Migration> migrations();
int latest_schema_version();

}  // namespace storage
