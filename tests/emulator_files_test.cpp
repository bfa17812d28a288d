// The emulated Slack's file upload flow, as Slack documents it: a single-use
// upload URL for exactly `length` bytes, then files.completeUploadExternal
// shares the file into a channel as a file_share message.
#include <doctest/doctest.h>

#include "tests/support/emulator_fixture.hpp"

using nlohmann::json;
using test::EmulatorFixture;

namespace {

std::string error_of(const test::HttpReply& r) {
    return r.json().value("error", std::string{});
}

struct Announced {
    std::string target;  // the upload URL's path
    std::string file_id;
};

Announced announce(EmulatorFixture& f, const std::string& name, std::size_t length) {
    const auto r = f.call("files.getUploadURLExternal",
                          {{"filename", name}, {"length", std::to_string(length)}});
    REQUIRE(r.json().value("ok", false));
    const auto url = r.json().at("upload_url").get<std::string>();
    const auto path = url.substr(url.find("/upload/"));
    return {path, r.json().at("file_id").get<std::string>()};
}

json files_arg(const std::string& id, const std::string& title) {
    return json::array({{{"id", id}, {"title", title}}});
}

}  // namespace

TEST_CASE("an uploaded and completed file shows in the channel's history as a file share") {
    EmulatorFixture f;
    const auto channel = f.bot_channel("incident-files");
    const std::string content = "# Post-mortem\n\nAll good.\n";
    const auto up = announce(f, "INC-2026-001-postmortem.md", content.size());
    CHECK(up.file_id.starts_with("F"));
    const auto posted = f.http().post(up.target, content, "text/plain");
    CHECK(posted.status == 200);
    CHECK(posted.body == "OK - " + std::to_string(content.size()));

    const auto done = f.call("files.completeUploadExternal",
                             {{"files", files_arg(up.file_id, "INC-2026-001 draft").dump()},
                              {"channel_id", channel},
                              {"initial_comment", "the draft"}});
    REQUIRE(done.json().value("ok", false));
    CHECK(done.json().at("files")[0].at("id") == up.file_id);
    CHECK(done.json().at("files")[0].at("title") == "INC-2026-001 draft");

    const auto history = f.call("conversations.history", {{"channel", channel}}).json();
    const auto& latest = history.at("messages")[0];
    CHECK(latest.at("subtype") == "file_share");
    CHECK(latest.at("text") == "the draft");
    CHECK(latest.at("files")[0].at("id") == up.file_id);
    CHECK(latest.at("files")[0].at("name") == "INC-2026-001-postmortem.md");

    const auto files = f.slack.files();
    REQUIRE(files.size() == 1);
    CHECK(files[0].content == content);
    CHECK(files[0].channel == channel);
}

TEST_CASE("an upload URL takes one POST of exactly the announced length") {
    EmulatorFixture f;
    const auto up = announce(f, "a.txt", 5);
    CHECK(f.http().post(up.target, "toolong", "text/plain").status == 400);
    CHECK(f.http().post(up.target, "12345", "text/plain").status == 200);
    CHECK(f.http().post(up.target, "12345", "text/plain").status == 404);
    CHECK(f.http().post("/upload/v1/nonsense", "12345", "text/plain").status == 404);
}

TEST_CASE("a multipart upload, as Slack's Node client sends it, is read from its file part") {
    EmulatorFixture f;
    const auto channel = f.bot_channel("incident-multipart");
    const auto up = announce(f, "b.txt", 5);
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"body\"; filename=\"Untitled\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\nhello\r\n--XyZ--\r\n";
    CHECK(f.http().post(up.target, body, "multipart/form-data; boundary=XyZ").status == 200);
    const auto done =
        f.call("files.completeUploadExternal",
               {{"files", files_arg(up.file_id, "b").dump()}, {"channel_id", channel}});
    CHECK(done.json().value("ok", false));
    REQUIRE(f.slack.files().size() == 1);
    CHECK(f.slack.files()[0].content == "hello");
}

TEST_CASE("completing answers Slack's error names for a missing upload, a bad or foreign channel") {
    EmulatorFixture f;
    const auto mine = f.bot_channel("incident-mine");
    const auto theirs = f.slack.add_channel("not-ours", {f.alice});
    const auto up = announce(f, "c.txt", 3);
    // Not uploaded yet.
    CHECK(error_of(f.call("files.completeUploadExternal",
                          {{"files", files_arg(up.file_id, "c").dump()}, {"channel_id", mine}})) ==
          "file_not_found");
    REQUIRE(f.http().post(up.target, "abc", "text/plain").status == 200);
    CHECK(error_of(f.call("files.completeUploadExternal", {{"channel_id", mine}})) ==
          "invalid_arguments");
    CHECK(error_of(f.call("files.completeUploadExternal",
                          {{"files", files_arg(up.file_id, "c").dump()},
                           {"channel_id", f.alice}})) == "invalid_arguments");
    CHECK(error_of(f.call("files.completeUploadExternal",
                          {{"files", files_arg(up.file_id, "c").dump()},
                           {"channel_id", "C0NOSUCHCHANNEL"}})) == "channel_not_found");
    CHECK(error_of(f.call("files.completeUploadExternal",
                          {{"files", files_arg(up.file_id, "c").dump()},
                           {"channel_id", theirs}})) == "not_in_channel");
    CHECK(f.call("files.completeUploadExternal",
                 {{"files", files_arg(up.file_id, "c").dump()}, {"channel_id", mine}})
              .json()
              .value("ok", false));
    // Once only.
    CHECK(error_of(f.call("files.completeUploadExternal",
                          {{"files", files_arg(up.file_id, "c").dump()}, {"channel_id", mine}})) ==
          "file_not_found");
}

TEST_CASE("getUploadURLExternal needs filename and length, and honours disabled uploads") {
    EmulatorFixture f;
    CHECK(error_of(f.call("files.getUploadURLExternal", {{"length", "3"}})) == "invalid_arguments");
    CHECK(error_of(f.call("files.getUploadURLExternal", {{"filename", "x"}})) ==
          "invalid_arguments");
    CHECK(error_of(f.call("files.getUploadURLExternal", {{"filename", "x"}, {"length", "0"}})) ==
          "missing_argument");
    auto options = test::fast_emulator_options();
    options.file_uploads_disabled = true;
    EmulatorFixture off(options);
    CHECK(error_of(off.call("files.getUploadURLExternal", {{"filename", "x"}, {"length", "3"}})) ==
          "file_uploads_disabled");
}
