#pragma once
// Slash-command text arrives in Slack's wire format: `&`, `<`, `>` escaped,
// mentions and links as `<…>` tokens. Users expect to see what they typed.
#include <functional>
#include <optional>
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

// `<@U1>` as `<@U1|bob>` when `name_of("U1")` knows the person as "bob", so
// that what plain_text() shows is a name: Slack often sends a mention
// without its label. A labelled mention, an unknown person, and a name Slack
// could not carry in a label (one holding `|`) are left as they are; at most
// `limit` distinct ids are looked up.
using NameOf = std::function<std::optional<std::string>(const std::string& user_id)>;
std::string label_mentions(std::string_view wire, const NameOf& name_of, std::size_t limit = 20);

// The URL of a `<https://x|label>` / `<https://x>` token; otherwise plain_text.
std::string link_target(std::string_view wire);

}  // namespace commands
