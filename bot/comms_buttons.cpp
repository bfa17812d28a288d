// "Post to the announcement channel" / "Post here" under a stakeholder-update
// draft: the draft is rendered again from the incident as it is now, posted
// from the outbox and recorded on the timeline, in one transaction.
#include <optional>

#include <spdlog/spdlog.h>

#include "bot/comms.hpp"
#include "bot/ephemeral_reply.hpp"
#include "bot/role_buttons.hpp"
#include "bot/slack_work.hpp"
#include "messages/action_ids.hpp"
#include "storage/incidents.hpp"
#include "storage/outbox.hpp"
#include "storage/timeline.hpp"

namespace bot {

void RoleButtons::post_comms(const slack::BlockActions& actions, const slack::BlockAction& action) {
    namespace ids = messages::action_ids;
    const auto target = ids::decode_comms(action.value);
    const auto incident = target ? storage::Incidents(db_).get(target->incident_id) : std::nullopt;
    if (!incident) {
        log_->warn("ignored {} from {}: unreadable value '{}'", action.action_id, actions.user_id,
                   action.value);
        return;
    }
    const auto audience = target->audience == "external" ? commands::Audience::External
                                                         : commands::Audience::Internal;
    const bool to_announcement = action.action_id == ids::kCommsPostAnnounce;
    if (to_announcement && incident->is_private) {
        // Its draft has no such button; a click from an older one changes nothing.
        log_->warn("{}: not posting to the announcement channel: the incident is private",
                   core::incident_key(*incident));
        return;
    }
    const auto now = clock_.now();
    const auto draft = messages::comms_post(
        *incident, audience, comms_facts(db_, *incident, runbook_, comms_), actions.user_id);
    const std::string where =
        to_announcement ? "to the announcement channel" : "in the incident channel";
    const std::string recorded =
        std::string(messages::audience_key(audience)) + " update posted " + where;
    std::optional<core::TimePoint> posted_before;
    db_.transaction([&] {
        storage::Timeline timeline(db_);
        // A second click (a double click, or a draft clicked again later)
        // with nothing recorded since would post the same words twice.
        if (const auto last = timeline.latest(incident->id, 1);
            !last.empty() && last.front().kind == core::EventKind::CommsPosted &&
            last.front().text == recorded) {
            posted_before = last.front().at;
            return;
        }
        timeline.append(core::TimelineEvent{0, incident->id, now, actions.user_id,
                                            core::EventKind::CommsPosted, recorded, ""});
        storage::Outbox outbox(db_);
        if (to_announcement)
            slack_work::announce_reply(outbox, incident->id, draft, /*status_update=*/false, now,
                                       /*broadcast=*/true);
        else
            slack_work::post(outbox, incident->id, draft, now);
    });
    // The draft gives way to what became of it, once that is durable (as the
    // click's ack): no button left to click twice.
    commits_.after_commit(
        [this, url = actions.response_url,
         reply = messages::comms_posted_reply(
             *incident, audience, where, posted_before.value_or(now), posted_before.has_value())] {
            replace_clicked_message(web_, url, reply);
        });
    if (posted_before) {
        log_->info("{}: {} update not posted again for {}: already posted, nothing since",
                   core::incident_key(*incident), messages::audience_key(audience),
                   actions.user_id);
        return;
    }
    log_->info("{}: {} update posted by {}", core::incident_key(*incident),
               messages::audience_key(audience), actions.user_id);
    scheduler_.poke();
}

}  // namespace bot
