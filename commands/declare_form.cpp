#include "commands/declare_form.hpp"

#include "commands/limits.hpp"
#include "core/severity.hpp"
#include "messages/declare_modal.hpp"
#include "messages/utf8.hpp"

namespace commands {

namespace {

const nlohmann::json& field(const nlohmann::json& values, std::string_view block_id) {
    static const nlohmann::json kNone = nlohmann::json::object();
    if (!values.is_object()) return kNone;
    const auto block = values.find(std::string(block_id));
    if (block == values.end() || !block->is_object()) return kNone;
    const auto value = block->find(std::string(messages::kFormValue));
    return value != block->end() && value->is_object() ? *value : kNone;
}

std::string text_of(const nlohmann::json& f) {
    const auto v = f.find("value");
    return v != f.end() && v->is_string() ? messages::valid_utf8(v->get<std::string>()) : "";
}

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
    const auto& severity = field(values, messages::kSeverityBlock);
    const auto selected = severity.find("selected_option");
    std::optional<core::Severity> parsed;
    if (selected != severity.end() && selected->is_object())
        parsed = core::parse_severity(selected->value("value", std::string{}));
    if (!parsed)
        form.errors[std::string(messages::kSeverityBlock)] = "Pick a severity, SEV1 to SEV4.";
    else
        declare.severity = *parsed;

    declare.title = one_line(text_of(field(values, messages::kTitleBlock)));
    const std::size_t length = messages::code_points(declare.title);
    if (declare.title.empty())
        form.errors[std::string(messages::kTitleBlock)] =
            "Give a title, e.g. Payment processing down.";
    else if (length > kMaxTitle)
        form.errors[std::string(messages::kTitleBlock)] =
            "The title is " + std::to_string(length) + " characters; the most is 1,000.";

    form.description = text_of(field(values, messages::kDescriptionBlock));
    if (messages::code_points(form.description) > kMaxText)
        form.errors[std::string(messages::kDescriptionBlock)] =
            "The description holds at most 2,500 characters; add more with /incident note.";
    const auto& visibility = field(values, messages::kPrivateBlock);
    if (const auto ticked = visibility.find("selected_options");
        ticked != visibility.end() && ticked->is_array())
        for (const auto& option : *ticked)
            if (option.is_object() &&
                option.value("value", std::string{}) == messages::kPrivateValue)
                declare.is_private = true;
    if (form.errors.empty()) form.declare = std::move(declare);
    return form;
}

}  // namespace commands
