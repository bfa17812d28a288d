// libFuzzer target: any bytes as a view_submission's view.state.values (the
// declare form as Slack sends it back). Reading it must give a Declare or
// errors keyed by the form's blocks, never both, never throw or crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "commands/declare_form.hpp"
#include "commands/limits.hpp"
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
    return 0;
}
