#pragma once
// A modal the bot opened (views.open), filled in at the terminal: each input
// block is one question, answered on one line. Text inputs take the line as
// typed (empty keeps the initial value, or leaves an optional field blank),
// selects take an option's value or the start of its label, checkboxes take
// yes/no. Pure: the session prints and submits.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sandbox {

class Form {
  public:
    // `view` as the bot sent it to views.open.
    Form(std::string view_id, const nlohmann::json& view);

    const std::string& view_id() const { return view_id_; }
    // The whole form, one line per field with its choices, to show once.
    std::string describe() const;
    bool complete() const { return next_ >= fields_.size(); }
    // "Severity (SEV1, SEV2, SEV3, SEV4)": the question now asked.
    std::string question() const;
    // Takes the answer to the question now asked; an error says what would do.
    std::optional<std::string> answer(std::string_view line);
    // view.state.values, as Slack sends it with view_submission.
    nlohmann::json values() const;
    // After `response_action: errors`: ask again from the first field named.
    void ask_again(const nlohmann::json& errors);

  private:
    struct Option {
        std::string value, label, description;
        nlohmann::json text;  // as the option had it: Slack echoes it back
    };
    struct Field {
        std::string block_id, action_id, type, label, initial;
        bool optional = false;
        std::vector<Option> options;
        nlohmann::json value;  // the element's state once answered
    };
    std::string view_id_;
    std::string title_;
    std::vector<Field> fields_;
    std::size_t next_ = 0;
};

}  // namespace sandbox
