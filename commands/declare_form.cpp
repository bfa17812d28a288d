#include "commands/declare_form.hpp"

#include "commands/form_values.hpp"
#include "commands/limits.hpp"
#include "core/severity.hpp"
#include "messages/declare_modal.hpp"
#include "messages/utf8.hpp"

namespace commands {

namespace {

std::string one_line(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace

DeclareForm read_declare_form(const nlohmann::json& values) {
    DeclareForm form;
    Declare declare;
    const auto& severity = form_field(values, messages::kSeverityBlock);
    const auto selected = severity.find("selected_option");
    std::optional<core::Severity> parsed;
    if (selected != severity.end() && selected->is_object())
        parsed = core::parse_severity(string_in(*selected, "value"));
    if (!parsed)
        form.errors[std::string(messages::kSeverityBlock)] = "Pick a severity, SEV1 to SEV4.";
    else
        declare.severity = *parsed;

    declare.title = one_line(form_text(form_field(values, messages::kTitleBlock)));
    const std::size_t length = messages::code_points(declare.title);
    if (declare.title.empty())
        form.errors[std::string(messages::kTitleBlock)] =
            "Give a title, e.g. Payment processing down.";
    else if (length > kMaxTitle)
        form.errors[std::string(messages::kTitleBlock)] =
            "The title is " + std::to_string(length) + " characters; the most is 1,000.";

    form.description = form_text(form_field(values, messages::kDescriptionBlock));
    if (messages::code_points(form.description) > kMaxText)
        form.errors[std::string(messages::kDescriptionBlock)] =
            "The description holds at most 2,500 characters; add more with /incident note.";
    const auto& visibility = form_field(values, messages::kPrivateBlock);
    if (const auto ticked = visibility.find("selected_options");
        ticked != visibility.end() && ticked->is_array())
        for (const auto& option : *ticked)
            if (string_in(option, "value") == messages::kPrivateValue) declare.is_private = true;
    if (form.errors.empty()) form.declare = std::move(declare);
    return form;
}

}  // namespace commands
