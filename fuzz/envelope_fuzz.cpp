// libFuzzer target: any bytes as a Socket Mode frame. Decoding must give a
// typed frame or an error value, never throw or crash; whatever decodes as an
// envelope must give the bot's payload parsers something they can refuse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz/require.hpp"
#include "slack/envelope.hpp"
#include "slack/payloads.hpp"

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto frame = slack::parse_frame(text);
    if (!frame) {
        require(!frame.error().message.empty());
        return 0;
    }
    const auto* envelope = std::get_if<slack::Envelope>(&*frame);
    if (!envelope) return 0;
    require(!envelope->envelope_id.empty() && !envelope->type.empty());
    // The ack the bot would send back must always serialise.
    require(!slack::ack_frame(envelope->envelope_id, envelope->payload).empty());
    (void)envelope->event_id();
    if (const auto command = slack::parse_slash_command(envelope->payload))
        require(!command->user_id.empty() && !command->channel_id.empty());
    (void)slack::interactive_type(envelope->payload);
    if (const auto actions = slack::parse_block_actions(envelope->payload)) {
        require(!actions->user_id.empty());
        for (const auto& a : actions->actions) require(!a.action_id.empty());
    }
    // A reaction or pin: everything the bot keys its change on is there.
    if (const auto mark = slack::parse_message_mark(envelope->payload)) {
        require(!mark->event_id.empty() && !mark->channel_id.empty());
        require(slack::time_of_ts(mark->message_ts).has_value());
        require(mark->pin() || !mark->reaction.empty());
    }
    return 0;
}
