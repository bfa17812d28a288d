#include "messages/update_modal.hpp"

#include "commands/limits.hpp"
#include "messages/block_kit.hpp"
#include "messages/incident_text.hpp"
#include "messages/utf8.hpp"

namespace messages {

namespace {

nlohmann::json text_input(std::string_view placeholder, std::string_view initial) {
    nlohmann::json element{{"type", "plain_text_input"},
                           {"multiline", true},
                           {"max_length", commands::kMaxText},
                           {"placeholder", modal::plain(placeholder)}};
    if (!initial.empty())
        element["initial_value"] = shorten(valid_utf8(initial), commands::kMaxText);
    return element;
}

}  // namespace

nlohmann::json update_modal(const core::Incident& incident, std::string_view origin_channel,
                            std::string_view response_url, std::string_view last_impact,
                            std::string_view last_actions) {
    nlohmann::json blocks = nlohmann::json::array();
    blocks.push_back(block_kit::section("*" + incident_line(incident) + "*"));
    blocks.push_back(modal::input(kUpdateStatusBlock, "Status",
                                  text_input("Rolled back deploy 4411; error rate falling", {})));
    blocks.push_back(modal::input(kUpdateImpactBlock, "Impact",
                                  text_input("Who or what is affected, and how much", last_impact),
                                  /*optional=*/true));
    blocks.push_back(modal::input(kUpdateActionsBlock, "Actions",
                                  text_input("What is being done next", last_actions),
                                  /*optional=*/true));
    blocks.push_back(modal::input(kUpdateNextBlock, "Next update",
                                  {{"type", "plain_text_input"},
                                   {"max_length", 40},
                                   {"placeholder", modal::plain("30m, 1h or 14:30 (UTC); empty: "
                                                                "the severity's cadence")}},
                                  /*optional=*/true));
    const nlohmann::json metadata{{"channel", std::string(origin_channel)},
                                  {"response_url", std::string(response_url)}};
    return {{"type", "modal"},
            {"callback_id", std::string(kUpdateModalCallbackId)},
            {"title", modal::plain("Status update")},
            {"submit", modal::plain("Post update")},
            {"close", modal::plain("Cancel")},
            {"private_metadata", metadata.dump()},
            {"blocks", std::move(blocks)}};
}

}  // namespace messages
