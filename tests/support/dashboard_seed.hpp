#pragma once
// A database for the dashboard's end-to-end and browser tests, written
// before the bot starts: open incidents (one with a title that is an <img>
// XSS, one a </script> XSS), resolved ones, a private one, and one with a
// timeline longer than a page.
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace test {

struct DashboardSeed {
    std::string payment;                // open SEV1 with an IC, a few timeline rows, an action item
    std::string img_xss;                // open SEV2 titled kImgXssTitle
    std::string script_xss;             // resolved SEV3 titled kScriptXssTitle
    std::string secret;                 // private, open SEV1 titled kSecretTitle
    std::string long_one;               // resolved SEV2 with kLongTimelineRows timeline rows in all
    std::vector<std::string> resolved;  // more resolved ones, for paging
    int total = 0;                      // incidents in the database
    int open = 0;                       // of which not resolved (private one included)
};

inline const std::string kImgXssTitle = "<img src=x onerror=\"document.title='owned'\">";
inline const std::string kScriptXssTitle = "</script><script>document.title='owned'</script>";
inline const std::string kSecretTitle = "Payroll data exposed";
inline constexpr int kLongTimelineRows = 1203;

// Writes the incidents into the SQLite database at `db_path` (created and
// migrated if new), declared within the hours before `now`; `alice` and
// `bob` are Slack user ids given names in the users table.
DashboardSeed seed_dashboard(const std::string& db_path, core::TimePoint now,
                             const std::string& alice, const std::string& bob);

}  // namespace test
