#include "commands/update_form.hpp"

#include "commands/form_values.hpp"
#include "commands/limits.hpp"
#include "commands/parser.hpp"
#include "commands/words.hpp"
#include "messages/update_modal.hpp"
#include "messages/utf8.hpp"

namespace commands {

UpdateForm read_update_form(const nlohmann::json& values) {
    UpdateForm form;
    const auto read = [&](std::string_view block) {
        return std::string(trim(form_text(form_field(values, block))));
    };
    StatusFields fields{read(messages::kUpdateStatusBlock), read(messages::kUpdateImpactBlock),
                        read(messages::kUpdateActionsBlock), read(messages::kUpdateNextBlock)};
    const std::string status_block(messages::kUpdateStatusBlock);
    if (fields.status.empty())
        form.errors[status_block] = "Say where things stand, e.g. Rolled back deploy 4411.";
    std::optional<NextUpdate> next;
    if (!fields.next_update.empty()) {
        auto parsed = parse_next_update(fields.next_update);
        if (parsed)
            next = *parsed;
        else
            form.errors[std::string(messages::kUpdateNextBlock)] = parsed.error().message;
    }
    if (!form.errors.empty()) return form;
    // Stored as the typed template reads, so status_fields() reads it back
    // (a field holding " | impact: " itself reads back split, as typed would).
    std::string text = "status: " + fields.status;
    if (!fields.impact.empty()) text += " | impact: " + fields.impact;
    if (!fields.actions.empty()) text += " | actions: " + fields.actions;
    if (next) text += " | next update: " + fields.next_update;
    if (const auto length = messages::code_points(text); length > kMaxText)
        form.errors[status_block] = "The update is " + std::to_string(length) +
                                    " characters all told; the most is 2,500. Put details in "
                                    "/incident note.";
    else
        form.update = Update{std::move(text), std::move(fields), true, next};
    return form;
}

}  // namespace commands
