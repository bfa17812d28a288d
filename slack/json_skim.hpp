#pragma once
// JSON from Slack read without a part the bot never looks at, skipped over as
// text instead of being lexed and built.
//
// chat.postMessage and chat.update answer with the whole message posted,
// blocks and all, under a top-level `message`; what the bot reads of an
// answer (`ok`, `error`, `ts`, `channel`, `members`, `response_metadata`) is
// beside it. Building that echo, only to free it, was a tenth of the bot's
// instructions (bench/instructions.sh).
//
// Socket Mode frames are read whole: skipping a button payload's message
// blocks the same way (`payload.message.blocks`) measured no better there,
// as a slash command's frame, most of them, has nothing to skip and was
// scanned twice.
#include <initializer_list>
#include <string_view>

#include <nlohmann/json.hpp>

namespace slack {

// The text parsed without the member at `path` (keys from the top object
// down), as if it were parsed whole and that member erased; discarded when
// the text is not JSON, as nlohmann::json::parse(text, nullptr, false) would
// be. Inside the skipped member only strings and brackets are followed: a
// damaged member whose brackets still pair up goes unnoticed, as it is not
// read.
nlohmann::json parse_without(std::string_view text, std::initializer_list<std::string_view> path);

// A Web API answer, without the message Slack echoes.
inline nlohmann::json parse_answer(std::string_view text) {
    return parse_without(text, {"message"});
}

}  // namespace slack
