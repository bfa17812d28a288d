#pragma once
// Slash-command text arrives in Slack's wire format: `&`, `<`, `>` escaped,
// mentions and links as `<…>` tokens. Users expect to see what they typed.
#include <string>
#include <string_view>

namespace commands {

// What the person typed: `<@U1|bob>` -> `@bob`, `<@U1>` -> `@U1`,
// `<!here>` -> `@here`, `<!subteam^S1|@oncall>` -> `@oncall`, `<#C1|ops>` ->
// `#ops`, `<https://x|label>` -> `label (https://x)`, `<https://x>` ->
// `https://x`, then `&lt;` `&gt;` `&amp;` unescaped. Invalid UTF-8 becomes
// U+FFFD, `\r\n` becomes `\n`, other control characters are dropped.
// Not trimmed.
std::string plain_text(std::string_view wire);

// The URL of a `<https://x|label>` / `<https://x>` token; otherwise plain_text.
std::string link_target(std::string_view wire);

}  // namespace commands
