#include "emulator/web_api.hpp"

namespace emulator {

UploadAnswer post_to_upload_url(Workspace& ws, const std::string& path, std::string bytes) {
    for (auto& [id, f] : ws.uploads) {
        if (f.upload_path != path) continue;
        if (f.received || f.completed) return UploadAnswer{404, "upload_url_used", id};
        if (bytes.size() != f.length)
            return UploadAnswer{400,
                                "length_mismatch: expected " + std::to_string(f.length) +
                                    " bytes, got " + std::to_string(bytes.size()),
                                id};
        f.received = true;
        f.content = std::move(bytes);
        return UploadAnswer{200, "OK - " + std::to_string(f.length), id};
    }
    return UploadAnswer{404, "upload_url_not_found", ""};
}

}  // namespace emulator
