#include "messages/declare_modal.hpp"

#include <array>

#include "commands/limits.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace {

using modal::input;
using modal::plain;

nlohmann::json option(std::string_view value, std::string_view label,
                      std::string_view description) {
    return {
        {"text", plain(label)}, {"value", std::string(value)}, {"description", plain(description)}};
}

}  // namespace

nlohmann::json declare_modal(std::string_view origin_channel, std::string_view response_url,
                             std::string_view description, std::string_view message_link,
                             std::optional<core::Severity> severity) {
    // The runbooks' severity definitions, each within Slack's 75-character description.
    const nlohmann::json severities = nlohmann::json::array({
        option("SEV1", "SEV1 · critical", "Outage, data loss, security breach"),
        option("SEV2", "SEV2 · high", "Partial outage, major feature down, >50% slower"),
        option("SEV3", "SEV3 · medium", "Minor feature down, <10% of users"),
        option("SEV4", "SEV4 · low", "Cosmetic, docs"),
    });
    nlohmann::json select{{"type", "static_select"},
                          {"placeholder", plain("How bad is it?")},
                          {"options", severities}};
    // Slack wants the initial option to be one of the options, exactly.
    if (severity) select["initial_option"] = severities.at(core::index(*severity));
    nlohmann::json blocks = nlohmann::json::array();
    blocks.push_back(input(kSeverityBlock, "Severity", std::move(select)));
    blocks.push_back(input(kTitleBlock, "Title",
                           {{"type", "plain_text_input"},
                            {"max_length", commands::kMaxTitle},
                            {"placeholder", plain("Payment processing down")}}));
    nlohmann::json description_input{
        {"type", "plain_text_input"}, {"multiline", true}, {"max_length", 2500}};
    if (!description.empty())
        description_input["initial_value"] = shorten(valid_utf8(description), 2500);
    blocks.push_back(
        input(kDescriptionBlock, "Description", std::move(description_input), /*optional=*/true));
    // A checkbox input's value is selected_options: empty when unticked.
    blocks.push_back(
        input(kPrivateBlock, "Visibility",
              {{"type", "checkboxes"},
               {"options",
                nlohmann::json::array({{{"text", plain("Private incident")},
                                        {"value", std::string(kPrivateValue)},
                                        {"description", plain("A private channel, left out of the "
                                                              "announcement channel")}}})}},
              /*optional=*/true));
    nlohmann::json metadata{{"channel", std::string(origin_channel)},
                            {"response_url", std::string(response_url)}};
    if (!message_link.empty()) metadata["message_link"] = std::string(message_link);
    return {{"type", "modal"},
            {"callback_id", std::string(kDeclareModalCallbackId)},
            {"title", plain("Declare an incident")},
            {"submit", plain("Declare")},
            {"close", plain("Cancel")},
            {"private_metadata", metadata.dump()},
            {"blocks", std::move(blocks)}};
}

}  // namespace messages
