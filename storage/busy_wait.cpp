#include "storage/busy_wait.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <thread>

namespace storage {

void BusyWait::install(sqlite3* db) {
    sqlite3_busy_handler(db, &BusyWait::retry, this);
}

int BusyWait::retry(void* self, int count) {
    using namespace std::chrono;
    auto& wait = *static_cast<BusyWait*>(self);
    const auto now = steady_clock::now();
    if (count == 0)
        wait.since_ = now;
    else if (now - wait.since_ >= wait.timeout_)
        return 0;  // SQLITE_BUSY to the caller
    std::this_thread::sleep_for(std::min(microseconds(50 << std::min(count, 5)), 1000us));
    return 1;
}

}  // namespace storage
