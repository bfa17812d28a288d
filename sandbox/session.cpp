#include "sandbox/session.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "core/duration.hpp"
#include "sandbox/controls.hpp"

namespace sandbox {
namespace {

constexpr std::string_view kBotName = "incident-bot";

std::string capitalised(std::string name) {
    if (!name.empty())
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

bool is_member(const emulator::Channel& channel, const std::string& user) {
    return std::find(channel.members.begin(), channel.members.end(), user) != channel.members.end();
}

std::vector<MessageBlocks> top_level(const std::vector<emulator::Message>& messages) {
    std::vector<MessageBlocks> out;
    for (const auto& m : messages) out.push_back({m.ts, m.blocks});
    return out;
}

std::string clock_time(core::TimePoint t) {
    return ts_clock_time(std::to_string(core::unix_seconds(t))) + " UTC";
}

}  // namespace

Session::Session(emulator::SlackEmulator& slack, core::ManualClock& clock, std::ostream& out,
                 SessionOptions options)
    : slack_(slack),
      clock_(clock),
      out_(out),
      options_(std::move(options)),
      feed_(slack, clock, out,
            TextStyle{options_.colour,
                      [this](std::string_view id) { return name_of(id); },
                      [this](std::string_view id) -> std::optional<std::string> {
                          const auto c = slack_.channel(std::string(id));
                          return c ? std::optional{c->name} : std::nullopt;
                      },
                      {}}) {
    names_[slack_.bot_user_id()] = std::string(kBotName);
    std::vector<std::string> everyone;
    for (const auto& name : kSeedUsers) everyone.push_back(add_person(name));
    slack_.add_channel("general", everyone);
    channel_id_ = slack_.add_channel("ops", everyone);
    // The sandbox's announcement channel (INCIDENT_ANNOUNCE_CHANNEL=#incidents),
    // with the bot already in it, as an admin would have invited it.
    auto announce_members = everyone;
    announce_members.push_back(slack_.bot_user_id());
    slack_.add_channel("incidents", announce_members);
    user_id_ = everyone.front();
    feed_.mark_seen(user_ids());
}

std::string Session::add_person(const std::string& name) {
    const auto id = slack_.add_user(name, capitalised(name));
    ids_[name] = id;
    names_[id] = name;
    return id;
}

std::optional<std::string> Session::user_id_of(std::string_view name) const {
    const auto it = ids_.find(core::ascii_lower(name));
    return it == ids_.end() ? std::nullopt : std::optional{it->second};
}

std::optional<std::string> Session::name_of(std::string_view user_id) const {
    const auto it = names_.find(user_id);
    return it == names_.end() ? std::nullopt : std::optional{it->second};
}

std::vector<std::string> Session::user_ids() const {
    std::vector<std::string> out;
    for (const auto& [name, id] : ids_) out.push_back(id);
    return out;
}

std::string Session::channel_name(const std::string& id) const {
    const auto c = slack_.channel(id);
    return c ? c->name : id;
}

std::string Session::prompt() const {
    if (form_) return "form · " + form_->question() + "> ";
    return name_of(user_id_).value_or(user_id_) + " in #" + channel_name(channel_id_) + "> ";
}

void Session::print_welcome() {
    out_ << "Sandbox: an emulated Slack workspace with users @alice, @bob, @carol, @dave\n"
         << "and channels #general, #ops and #incidents (where incidents are announced).\n"
         << "You are @alice in #ops; the clock is at " << clock_time(clock_.now()) << ".\n"
         << "Try `/incident SEV1 Payment processing down`, or `help`.\n";
}

void Session::fail(const std::string& message) {
    out_ << "! " << message << '\n';
}

bool Session::refuse_if_archived() {
    const auto here = slack_.channel(channel_id_);
    if (!here || !here->archived) return false;
    fail("#" + here->name +
         " is archived: nothing can be posted there (`in #channel` to go elsewhere)");
    return true;
}

bool Session::handle_line(const std::string& line) {
    if (form_) {
        if (options_.echo_input) out_ << prompt() << line << '\n';
        if (!leaves_form(line)) {
            answer_form(line);
            out_.flush();
            return true;
        }
        // Slack closes a modal when the person goes elsewhere; so does the
        // terminal when the line is a command, not an answer.
        form_.reset();
        out_ << "(form closed; nothing was sent)\n";
        const bool echo = options_.echo_input;
        options_.echo_input = false;  // already shown with the form's prompt
        const bool more = handle_line(line);
        options_.echo_input = echo;
        return more;
    }
    const auto action = parse_line(line);
    if (options_.echo_input) {
        const bool comment = action.ok() && std::holds_alternative<Comment>(*action);
        out_ << (comment ? "" : prompt()) << line << '\n';
    }
    if (!action) {
        fail(action.error().message);
        return true;
    }
    std::visit([this](const auto& a) { run(a); }, *action);
    out_.flush();
    return !std::holds_alternative<Quit>(*action);
}

void Session::settle_and_show() {
    if (options_.settle) options_.settle();
    feed_.show_news(user_id_, user_ids());
}

void Session::after_interaction(const std::string& envelope_id, std::string_view what) {
    const auto ack = slack_.wait_for_ack(envelope_id, options_.ack_timeout);
    if (!ack) {
        // What Slack shows a person whose app did not answer within 3 seconds.
        fail(std::string(what) + " failed with the error \"operation_timeout\"");
    } else {
        // A slash command's ack may carry the reply; `in_channel` ones Slack posts.
        const auto reply = ack->payload.value_or(nlohmann::json::object());
        if (reply.is_object() && (reply.contains("text") || reply.contains("blocks")) &&
            reply.value("response_type", std::string{}) != "in_channel")
            feed_.print_ephemeral(channel_id_, reply.value("text", std::string{}),
                                  reply.value("blocks", nlohmann::json::array()));
    }
    settle_and_show();
    const auto views = slack_.views();
    if (views.size() > views_shown_) {
        views_shown_ = views.size();
        // A modal opened (views.open): the terminal asks its fields one by one.
        form_.emplace(views.back().id, views.back().view);
        out_ << form_->describe();
    }
}

bool Session::leaves_form(const std::string& line) {
    // As the prompt outside a form reads it: an answer is anything else.
    const auto action = parse_line(line);
    return action &&
           (std::holds_alternative<SlashCommand>(*action) || std::holds_alternative<Quit>(*action));
}

void Session::answer_form(const std::string& line) {
    if (core::ascii_lower(line) == "cancel") {
        form_.reset();
        out_ << "(form closed; nothing was sent)\n";
        return;
    }
    if (const auto error = form_->answer(line)) return fail(*error);
    if (!form_->complete()) return;
    const auto id = slack_.submit_view(user_id_, form_->view_id(), form_->values());
    const auto ack = slack_.wait_for_ack(id, options_.ack_timeout);
    if (!ack) {
        form_.reset();
        return fail("the form could not be sent: the app did not answer (operation_timeout)");
    }
    const auto reply = ack->payload.value_or(nlohmann::json::object());
    if (reply.is_object() && reply.value("response_action", std::string{}) == "errors") {
        // Slack shows each error under its field; the form stays open.
        const auto errors = reply.value("errors", nlohmann::json::object());
        for (const auto& [block, message] : errors.items())
            fail(message.is_string() ? message.get<std::string>() : block);
        form_->ask_again(errors);
        return;
    }
    form_.reset();
    settle_and_show();
}

void Session::run(const SlashCommand& a) {
    // Slack shows a private channel only to its members.
    const auto here = slack_.channel(channel_id_);
    if (here && here->is_private && !is_member(*here, user_id_))
        return fail("#" + here->name +
                    " is private and you are not in it (`in #channel` to go elsewhere)");
    if (refuse_if_archived()) return;
    const auto channels = [this](std::string_view name) -> std::optional<std::string> {
        const auto c = slack_.channel_by_name(core::ascii_lower(name));
        return c ? std::optional{c->id} : std::nullopt;
    };
    const auto users = [this](std::string_view name) { return user_id_of(name); };
    const auto text = escape_like_slack(a.text, users, channels);
    after_interaction(slack_.send_slash_command(user_id_, channel_id_, text), a.command);
}

void Session::run(const SwitchUser& a) {
    auto id = user_id_of(a.name);
    const bool created = !id;
    if (!id) id = add_person(a.name);
    user_id_ = *id;
    out_ << "You are now @" << a.name << (created ? " (a new user)" : "");
    const auto here = slack_.channel(channel_id_);
    if (here && !is_member(*here, user_id_)) out_ << "; not a member of #" << here->name;
    out_ << ".\n";
    feed_.mark_seen(user_ids());
    // What the app sent this person directly while someone else was acting.
    feed_.show_news(user_id_, user_ids());
}

void Session::run(const SwitchChannel& a) {
    std::optional<emulator::Channel> target;
    if (a.newest_incident) {
        for (auto& c : slack_.channels()) {
            if (c.archived || !c.name.starts_with("incident-")) continue;
            if (!target || !(c.created < target->created)) target = c;
        }
        if (!target)
            return fail("no incident channel yet: declare one with /incident SEV1 <title>");
    } else {
        target = slack_.channel_by_name(a.name);
        if (!target) return fail("no channel #" + a.name + ": `channels` lists them");
    }
    channel_id_ = target->id;
    const auto count = slack_.messages(target->id).size();
    out_ << "You are in #" << target->name << " (" << count
         << (count == 1 ? " message" : " messages") << "; `show` reads them)";
    if (!is_member(*target, user_id_)) out_ << "; you are not a member";
    out_ << ".\n";
}

void Session::run(const ListChannels&) {
    const auto s = feed_.style();
    for (const auto& c : slack_.channels()) {
        out_ << (is_member(c, user_id_) ? "* #" : "  #") << c.name << " (" << c.members.size()
             << (c.members.size() == 1 ? " member)" : " members)");
        if (c.archived) out_ << "  (archived)";
        if (!c.topic.empty()) out_ << "  " << render_mrkdwn(c.topic, s);
        out_ << '\n';
    }
    out_ << "(* = you are a member)\n";
}

void Session::run(const ListUsers&) {
    // With their ids, which ESCALATION_SEV* and `<@U…>` mentions take.
    for (const auto& [name, id] : ids_)
        out_ << (id == user_id_ ? "* @" : "  @") << name << " (" << id << ")\n";
    out_ << "  @" << kBotName << " (the app)\n";
}

void Session::run(const ShowChannel& a) {
    const auto channel =
        a.channel ? slack_.channel_by_name(*a.channel) : slack_.channel(channel_id_);
    if (!channel) return fail("no channel #" + a.channel.value_or("") + ": `channels` lists them");
    const auto messages = slack_.messages(channel->id);
    if (messages.empty()) out_ << "(#" << channel->name << " has no messages yet)\n";
    const auto first = messages.size() > a.count ? messages.size() - a.count : 0;
    // Numbered from the newest (1), as `react` and `pin` name them.
    shown_channel_ = channel->id;
    shown_ts_.clear();
    for (auto i = messages.size(); i > first; --i) shown_ts_.push_back(messages[i - 1].ts);
    for (auto i = first; i < messages.size(); ++i)
        feed_.print_message(channel->name, messages[i],
                            "[" + std::to_string(messages.size() - i) + "]" +
                                (messages[i].pinned ? " pinned" : ""));
}

void Session::run(const Say& a) {
    const auto here = slack_.channel(channel_id_);
    if (here && !is_member(*here, user_id_)) return fail("you are not a member of #" + here->name);
    if (refuse_if_archived()) return;
    const auto channels = [this](std::string_view name) -> std::optional<std::string> {
        const auto c = slack_.channel_by_name(core::ascii_lower(name));
        return c ? std::optional{c->id} : std::nullopt;
    };
    const auto users = [this](std::string_view name) { return user_id_of(name); };
    slack_.post_as(user_id_, channel_id_, escape_like_slack(a.text, users, channels));
    settle_and_show();
}

void Session::run(const MarkMessage& a) {
    using Kind = MarkMessage::Kind;
    // The message the last `show` here numbered so; without one, counted
    // back from the newest.
    std::optional<emulator::Message> target;
    const auto messages = slack_.messages(channel_id_);
    if (shown_channel_ == channel_id_) {
        if (a.number <= shown_ts_.size())
            for (const auto& m : messages)
                if (m.ts == shown_ts_[a.number - 1]) target = m;
    } else if (a.number <= messages.size()) {
        target = messages[messages.size() - a.number];
    }
    if (!target)
        return fail("no message " + std::to_string(a.number) + " in #" + channel_name(channel_id_) +
                    ": `show` numbers them, [1] = the newest");
    const bool add = a.kind == Kind::React || a.kind == Kind::Pin;
    const bool reaction = a.kind == Kind::React || a.kind == Kind::Unreact;
    const auto number = std::to_string(a.number);
    const auto event = reaction ? slack_.react(user_id_, channel_id_, target->ts, a.reaction, add)
                                : slack_.pin(user_id_, channel_id_, target->ts, add);
    if (!event) {
        return fail(reaction
                        ? (add ? "you already reacted :" + a.reaction + ": to message " + number
                               : "you have no :" + a.reaction + ": on message " + number)
                        : "message " + number + (add ? " is pinned already" : " is not pinned"));
    }
    out_ << (reaction ? (add ? "You reacted :" + a.reaction + ": to"
                             : "You took :" + a.reaction + ": away from")
                      : (add ? "You pinned" : "You unpinned"))
         << " message " << a.number << ".\n";
    settle_and_show();
}

void Session::run(const ArchiveChannel&) {
    const auto name = "#" + channel_name(channel_id_);
    const auto error = slack_.archive_channel(user_id_, channel_id_);
    if (error == "already_archived") return fail(name + " is archived already");
    if (error == "cant_archive_general")
        return fail(name + " cannot be archived: Slack keeps every workspace's general channel");
    if (error == "not_in_channel") return fail("only members can archive " + name);
    if (!error.empty()) return fail(name + " cannot be archived (" + error + ")");
    settle_and_show();
}

void Session::run(const RemoveMember& a) {
    const auto name = "#" + channel_name(channel_id_);
    const auto member =
        a.user == kBotName ? std::optional{slack_.bot_user_id()} : user_id_of(a.user);
    if (!member) return fail("no user @" + a.user + ": `users` lists them");
    const auto error = slack_.remove_from_channel(user_id_, channel_id_, *member);
    if (error == "cant_kick_self") return fail("to leave " + name + ", go elsewhere with `in`");
    if (error == "cant_kick_from_general")
        return fail("nobody can be removed from " + name + ": Slack keeps everyone in it");
    if (error == "not_in_channel")
        return fail("@" + a.user + " is not in " + name + ", or you are not");
    if (!error.empty()) return fail("@" + a.user + " cannot be removed (" + error + ")");
    out_ << "You removed @" << a.user << " from " << name << ".\n";
    settle_and_show();
}

void Session::run(const ShowDms& a) {
    const auto dm = slack_.app_dm(user_id_);
    const auto messages = dm ? slack_.messages(dm->id) : std::vector<emulator::Message>{};
    if (messages.empty()) out_ << "(" << kBotName << " has sent you no direct messages)\n";
    const auto first = messages.size() > a.count ? messages.size() - a.count : 0;
    for (auto i = first; i < messages.size(); ++i) feed_.print_direct(user_id_, messages[i]);
}

void Session::run(const ClickButton& a) {
    // What this person sees here: the channel's messages and the replies only
    // they were shown (a stakeholder draft's [ Post here ]), in the order
    // they came. An ephemeral's ts is marked so that a click on it goes as
    // Slack sends one (container.is_ephemeral, no message).
    constexpr std::string_view kEphemeral = "ephemeral:";
    auto messages = top_level(slack_.messages(channel_id_));
    std::vector<emulator::Ephemeral> mine;
    for (auto& e : slack_.ephemerals(user_id_))
        if (e.channel == channel_id_ && e.blocks.is_array() && !e.blocks.empty()) {
            messages.push_back({std::string(kEphemeral) + e.ts, e.blocks});
            mine.push_back(std::move(e));
        }
    const auto when = [&](const MessageBlocks& m) {
        const std::string_view ts = m.ts.starts_with(kEphemeral)
                                        ? std::string_view(m.ts).substr(kEphemeral.size())
                                        : std::string_view(m.ts);
        return std::pair{ts.size(), ts};  // "1796621649.000700": longer is later
    };
    std::stable_sort(messages.begin(), messages.end(),
                     [&](const auto& x, const auto& y) { return when(x) < when(y); });
    const auto button = find_button(messages, a.label);
    if (button && button->message_ts.starts_with(kEphemeral)) {
        const auto ts = button->message_ts.substr(kEphemeral.size());
        const auto shown =
            std::find_if(mine.begin(), mine.end(), [&](auto& e) { return e.ts == ts; });
        const auto target = button->action_id.empty() ? button->label : button->action_id;
        return after_interaction(
            slack_.click_ephemeral_button(user_id_, channel_id_, shown->blocks, target),
            "Clicking [ " + button->label + " ]");
    }
    if (!button) {
        std::string hint;
        for (const auto& label : latest_button_labels(messages)) hint += " [ " + label + " ]";
        return fail("no button \"" + a.label + "\" in #" + channel_name(channel_id_) +
                    (hint.empty() ? std::string(" (no buttons here)") : "; buttons here:" + hint));
    }
    const auto target = button->action_id.empty() ? button->label : button->action_id;
    after_interaction(slack_.click_button(user_id_, channel_id_, button->message_ts, target),
                      "Clicking [ " + button->label + " ]");
}

void Session::run(const PickUser& a) {
    const auto selected = user_id_of(a.user);
    if (!selected) return fail("no user @" + a.user + ": `users` lists them");
    const auto picker = find_user_picker(top_level(slack_.messages(channel_id_)), a.target);
    if (!picker)
        return fail("no user picker for \"" + a.target + "\" in #" + channel_name(channel_id_) +
                    " (try a role: ic, tech, comms, scribe)");
    after_interaction(slack_.select_user(user_id_, channel_id_, picker->message_ts,
                                         picker->block_id, picker->action_id, *selected),
                      "Picking @" + a.user);
}

void Session::run(const Wait& a) {
    const auto start = clock_.now();
    const auto end = start + a.duration;
    // Bounded: a timer that keeps falling due at the same instant must not
    // hang the prompt.
    for (int step = 0; options_.next_due && step < 1000; ++step) {
        const auto due = options_.next_due();
        if (!due || *due > end || *due <= clock_.now()) break;
        clock_.set(*due);
        out_ << "(" << core::format_duration(std::chrono::ceil<std::chrono::seconds>(*due - start))
             << " later: " << clock_time(*due) << ")\n";
        settle_and_show();
    }
    if (clock_.now() == end) return;  // the last due time was the end of the wait
    clock_.set(end);
    out_ << "(" << core::format_duration(a.duration) << " later: " << clock_time(clock_.now())
         << ")\n";
    settle_and_show();
}

void Session::run(const Help&) {
    out_ << help_text() << '\n';
}

}  // namespace sandbox
