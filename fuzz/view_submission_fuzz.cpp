// libFuzzer target: any bytes as a view_submission's view.state.values (the
// declare form and the update form as Slack sends them back). Reading it
// must give a Declare (an Update) or errors keyed by the form's blocks, never
// both, never throw or crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "commands/declare_form.hpp"
#include "commands/limits.hpp"
#include "commands/update_form.hpp"
#include "messages/utf8.hpp"
#include "fuzz/require.hpp"

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto values = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (values.is_discarded()) return 0;
    const auto form = commands::read_declare_form(values);
    require(form.declare.has_value() != !form.errors.empty());
    if (form.declare) {
        require(!form.declare->title.empty());
        require(form.declare->title.size() <=
                commands::kMaxTitle * 4);  // bytes of ≤ kMaxTitle chars
        require(form.declare->title.find('\n') == std::string::npos);
    }
    for (const auto& [block, message] : form.errors) {
        require(!block.empty());
        require(!message.empty());
    }

    const auto update = commands::read_update_form(values);
    require(update.update.has_value() != !update.errors.empty());
    if (update.update) {
        const auto& u = *update.update;
        require(!u.fields.status.empty());
        require(u.structured);
        require(u.text.starts_with("status: " + u.fields.status));
        require(messages::code_points(u.text) <= commands::kMaxText);
        require(messages::valid_utf8(u.text) == u.text);
    }
    for (const auto& [block, message] : update.errors) {
        require(block == "update.status");
        require(!message.empty());
    }
    return 0;
}
