#include "bot/channel_lookup.hpp"

#include "bot/required_scopes.hpp"

namespace bot {

using nlohmann::json;

void find_public_channel(slack::WebApi& web, std::string name,
                         std::function<void(core::Result<json>)> found, std::string cursor) {
    json args{{"types", "public_channel"}, {"exclude_archived", true}, {"limit", 1000}};
    if (!cursor.empty()) args["cursor"] = cursor;
    web.call(
        std::string(method::kList), std::move(args),
        [&web, name = std::move(name), found = std::move(found)](core::Result<json> result) {
            if (!result) return found(result.error());
            for (const json& c : result->value("channels", json::array()))
                if (c.is_object() && c.value("name", std::string{}) == name) return found(c);
            const auto next = result->value("response_metadata", json::object())
                                  .value("next_cursor", std::string{});
            if (next.empty())
                return found(core::make_error("channel_not_found", "no public channel #" + name));
            find_public_channel(web, name, found, next);
        });
}

}  // namespace bot
