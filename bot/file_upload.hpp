#pragma once
// One file into an incident channel through Slack's upload flow (the retired
// files.upload's replacement): files.getUploadURLExternal, the bytes POSTed
// to the upload URL, files.completeUploadExternal with channel_id. The file
// is built from the database when the upload starts. Before the last step
// the file id is stored in the outbox row, so that a retry after a lost
// answer looks for that file in the channel instead of posting it twice; an
// upload that never completed is discarded by Slack and simply started over.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>
#include <nlohmann/json.hpp>

#include "bot/slack_work.hpp"
#include "core/clock.hpp"
#include "core/incident.hpp"
#include "core/result.hpp"
#include "slack/web_api.hpp"
#include "storage/database.hpp"
#include "storage/outbox.hpp"

namespace bot {

class FileUpload : public std::enable_shared_from_this<FileUpload> {
  public:
    // nullopt: the file is in the channel. An error's code is Slack's
    // (`channel_not_found`, `not_in_channel`, …), `network`/`http_5xx`
    // (transient), or `upload_rejected` / `bad_upload_answer`.
    using Done = std::function<void(std::optional<core::Error>)>;

    FileUpload(storage::Database& db, slack::WebApi& web, const core::Clock& clock,
               std::shared_ptr<spdlog::logger> logger, storage::OutboxMessage row,
               core::Incident incident, Done done);
    void start();

  private:
    void look_for_earlier();
    void on_history(core::Result<nlohmann::json> result);
    void request_url();
    void on_upload_url(core::Result<nlohmann::json> result);
    void on_uploaded(core::Result<nlohmann::json> result);
    void complete(bool joined);
    void on_completed(core::Result<nlohmann::json> result, bool joined);
    void fail(core::Error error);

    storage::Database& db_;
    slack::WebApi& web_;
    const core::Clock& clock_;
    std::shared_ptr<spdlog::logger> log_;
    storage::OutboxMessage row_;
    core::Incident incident_;
    slack_work::UploadRequest request_;
    Done done_;
    std::string content_;
    std::string filename_, title_, file_id_;
};

}  // namespace bot
