#include "bot/file_upload.hpp"

#include <sstream>

#include <spdlog/spdlog.h>

#include "bot/report_source.hpp"
#include "bot/required_scopes.hpp"
#include "reports/export.hpp"

namespace bot {

using nlohmann::json;

namespace {

std::string string_at(const json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool has_file(const json& message, const std::string& file_id) {
    const auto files = message.find("files");
    if (files == message.end() || !files->is_array()) return false;
    for (const json& f : *files)
        if (string_at(f, "id") == file_id) return true;
    return false;
}

}  // namespace

FileUpload::FileUpload(storage::Database& db, slack::WebApi& web, const core::Clock& clock,
                       std::shared_ptr<spdlog::logger> logger, storage::OutboxMessage row,
                       core::Incident incident, Done done)
    : db_(db),
      web_(web),
      clock_(clock),
      log_(std::move(logger)),
      row_(std::move(row)),
      incident_(std::move(incident)),
      request_(slack_work::upload_request_from(row_.payload)),
      done_(std::move(done)) {}

void FileUpload::start() {
    if (!request_.file_id.empty()) return look_for_earlier();
    request_url();
}

void FileUpload::fail(core::Error error) {
    done_(std::move(error));
}

// An earlier attempt got as far as completing: did Slack share the file?
void FileUpload::look_for_earlier() {
    const auto oldest = core::unix_seconds(row_.created_at) - 60;
    web_.call(
        std::string(method::kHistory),
        json{{"channel", incident_.channel_id}, {"oldest", std::to_string(oldest)}, {"limit", 200}},
        [self = shared_from_this()](core::Result<json> r) { self->on_history(std::move(r)); });
}

void FileUpload::on_history(core::Result<json> result) {
    if (!result) return fail(result.error());
    for (const json& m : result->value("messages", json::array()))
        if (has_file(m, request_.file_id)) {
            log_->info("{}: file {} was shared before a lost answer", core::incident_key(incident_),
                       request_.file_id);
            return done_(std::nullopt);
        }
    request_url();
}

void FileUpload::request_url() {
    // Built now, from the database: the file shows the incident as it is
    // when the upload runs, and nothing waits in memory across a restart.
    std::ostringstream out;
    try {
        db_.read_transaction([&] {
            const auto report = load_report(db_, incident_);
            reports::write_incident(out, request_.format, report,
                                    timeline_source(db_, incident_.id), clock_.now());
        });
    } catch (const std::exception& e) {
        return fail(core::make_error("storage_error",
                                     std::string("could not read the incident: ") + e.what()));
    }
    content_ = std::move(out).str();
    filename_ = reports::file_name(incident_, request_.format, request_.postmortem);
    title_ =
        core::incident_key(incident_) +
        (request_.postmortem ? " post-mortem draft"
                             : " export (" + std::string(core::to_string(request_.format)) + ")");
    json args{{"filename", filename_}, {"length", std::to_string(content_.size())}};
    if (request_.format == core::ReportFormat::Markdown) args["snippet_type"] = "markdown";
    web_.call(
        std::string(method::kGetUploadUrl), std::move(args),
        [self = shared_from_this()](core::Result<json> r) { self->on_upload_url(std::move(r)); });
}

void FileUpload::on_upload_url(core::Result<json> result) {
    if (!result) return fail(result.error());
    const auto url = string_at(*result, "upload_url");
    file_id_ = string_at(*result, "file_id");
    if (url.empty() || file_id_.empty())
        return fail(core::make_error("bad_upload_answer",
                                     "files.getUploadURLExternal: no upload_url or file_id"));
    slack::CallOptions options;
    // The URL is single-use: after a lost answer the whole flow starts over.
    options.idempotent = false;
    web_.post_bytes(
        url, content_, "text/plain; charset=utf-8",
        [self = shared_from_this()](core::Result<json> r) { self->on_uploaded(std::move(r)); },
        options);
}

void FileUpload::on_uploaded(core::Result<json> result) {
    if (!result) {
        const auto& code = result.error().code;
        if (code == "network" || code.starts_with("http_5")) return fail(result.error());
        return fail(core::make_error("upload_rejected",
                                     "the upload URL refused the file: " + result.error().message));
    }
    content_.clear();
    content_.shrink_to_fit();
    request_.file_id = file_id_;
    try {
        storage::Outbox(db_).set_payload(row_.id, slack_work::to_json(request_));
    } catch (const std::exception& e) {
        // Not completing: Slack discards the upload, and the retry starts over.
        return fail(core::make_error("storage_error",
                                     std::string("could not store the file id: ") + e.what()));
    }
    complete(false);
}

void FileUpload::complete(bool joined) {
    std::string comment = request_.postmortem
                              ? ":page_facing_up: Post-mortem draft of " +
                                    core::incident_key(incident_) +
                                    ". Fill in the sections "
                                    "marked _(to fill)_; when it is written: `/incident "
                                    "postmortem done &lt;link&gt;`."
                              : ":package: " + core::incident_key(incident_) + " exported as " +
                                    std::string(core::to_string(request_.format)) + ".";
    if (!request_.requested_by.empty()) comment += " (asked by <@" + request_.requested_by + ">)";
    const json files = json::array({{{"id", file_id_}, {"title", title_}}});
    json args{{"files", files.dump()},
              {"channel_id", incident_.channel_id},
              {"initial_comment", comment}};
    slack::CallOptions options;
    options.idempotent = false;  // a retry looks in the channel first (see start)
    web_.call(
        std::string(method::kCompleteUpload), std::move(args),
        [self = shared_from_this(), joined](core::Result<json> r) {
            self->on_completed(std::move(r), joined);
        },
        options);
}

void FileUpload::on_completed(core::Result<json> result, bool joined) {
    if (!result && result.error().code == "not_in_channel" && !joined) {
        // Someone removed the bot: join again, then share the same upload.
        log_->info("not a member of {}: joining it", incident_.channel_id);
        return web_.call(std::string(method::kJoin), json{{"channel", incident_.channel_id}},
                         [self = shared_from_this()](core::Result<json> r) {
                             if (!r) return self->fail(r.error());
                             self->complete(true);
                         });
    }
    if (!result) return fail(result.error());
    log_->info("{}: uploaded {} ({})", core::incident_key(incident_), filename_, file_id_);
    done_(std::nullopt);
}

}  // namespace bot
