#include "sandbox/form.hpp"

#include "core/ascii.hpp"

namespace sandbox {

using nlohmann::json;

namespace {

std::string text_of(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key)) return {};
    const auto& v = j.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("text") && v.at("text").is_string())
        return v.at("text").get<std::string>();
    return {};
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

Form::Form(std::string view_id, const json& view)
    : view_id_(std::move(view_id)), title_(text_of(view, "title")) {
    if (!view.is_object() || !view.contains("blocks") || !view.at("blocks").is_array()) return;
    for (const auto& block : view.at("blocks")) {
        if (!block.is_object() || block.value("type", std::string{}) != "input") continue;
        const auto& element = block.value("element", json::object());
        Field f;
        f.block_id = block.value("block_id", std::string{});
        f.action_id = element.value("action_id", std::string{});
        f.type = element.value("type", std::string{});
        f.label = text_of(block, "label");
        f.optional = block.value("optional", false);
        f.initial = element.value("initial_value", std::string{});
        // A select's chosen option (`/incident declare SEV1`): Enter keeps it.
        if (const auto chosen = element.find("initial_option");
            chosen != element.end() && chosen->is_object())
            f.initial = chosen->value("value", std::string{});
        for (const auto& o : element.value("options", json::array()))
            f.options.push_back(Option{o.value("value", std::string{}), text_of(o, "text"),
                                       text_of(o, "description"), o.value("text", json{})});
        if (f.type == "plain_text_input" || f.type == "static_select" || f.type == "checkboxes")
            fields_.push_back(std::move(f));
    }
}

std::string Form::describe() const {
    std::string out = "(a form opened: \"" + title_ +
                      "\"; answer one field per line, `cancel` "
                      "closes it)\n";
    for (const auto& f : fields_) {
        out += "  " + f.label + (f.optional ? " (optional)" : "");
        if (f.type == "static_select") {
            out += ":";
            for (const auto& o : f.options)
                out += "\n    " +
                       (o.label.starts_with(o.value) ? o.label : o.value + " · " + o.label) +
                       (o.description.empty() ? "" : " — " + o.description) +
                       (o.value == f.initial ? "  (chosen)" : "");
        } else if (f.type == "checkboxes") {
            for (const auto& o : f.options) out += ": " + o.label + "? yes/no";
        }
        if (!f.initial.empty() && f.type != "static_select") out += " [" + f.initial + "]";
        out += "\n";
    }
    return out;
}

std::string Form::question() const {
    if (complete()) return {};
    const auto& f = fields_[next_];
    std::string q = f.label;
    if (f.type == "static_select") {
        q += " (";
        for (std::size_t i = 0; i < f.options.size(); ++i)
            q += (i ? ", " : "") + f.options[i].value;
        if (!f.initial.empty()) q += "; Enter keeps " + f.initial;
        q += ")";
    } else if (f.type == "checkboxes" && !f.options.empty()) {
        q += ": " + f.options.front().label + "? (yes/no)";
    } else if (!f.initial.empty()) {
        q += " (Enter keeps it)";
    } else if (f.optional) {
        q += " (optional, Enter skips)";
    }
    return q;
}

std::optional<std::string> Form::answer(std::string_view line) {
    if (complete()) return "the form is complete";
    auto& f = fields_[next_];
    const auto typed = trim(line);
    if (f.type == "plain_text_input") {
        const std::string value = typed.empty() ? f.initial : std::string(typed);
        if (value.empty() && !f.optional) return f.label + " is required";
        f.value = {{"type", f.type}, {"value", value.empty() ? json(nullptr) : json(value)}};
    } else if (f.type == "static_select") {
        if (typed.empty() && f.initial.empty()) {
            if (!f.optional) return f.label + " is required: pick one of " + question();
            f.value = {{"type", f.type}, {"selected_option", nullptr}};
        } else {
            const auto want = core::ascii_lower(typed.empty() ? f.initial : typed);
            const Option* picked = nullptr;
            for (const auto& o : f.options)
                if (core::ascii_lower(o.value) == want) picked = &o;
            for (const auto& o : f.options)
                if (!picked && core::ascii_lower(o.label).starts_with(want)) picked = &o;
            if (!picked) return "no such choice for " + f.label + ": " + question();
            f.value = {{"type", f.type},
                       {"selected_option", {{"text", picked->text}, {"value", picked->value}}}};
        }
    } else {  // checkboxes
        const auto yes_no = core::ascii_lower(typed);
        const bool yes = yes_no == "y" || yes_no == "yes";
        if (!yes && !(yes_no.empty() || yes_no == "n" || yes_no == "no")) return "answer yes or no";
        json selected = json::array();
        if (yes)
            for (const auto& o : f.options)
                selected.push_back({{"text", o.text}, {"value", o.value}});
        f.value = {{"type", f.type}, {"selected_options", selected}};
    }
    ++next_;
    return std::nullopt;
}

json Form::values() const {
    json values = json::object();
    for (const auto& f : fields_)
        if (!f.value.is_null()) values[f.block_id][f.action_id] = f.value;
    return values;
}

void Form::ask_again(const json& errors) {
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (errors.is_object() && errors.contains(fields_[i].block_id)) {
            next_ = i;
            return;
        }
    }
    next_ = 0;
}

}  // namespace sandbox
