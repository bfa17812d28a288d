#pragma once
// `Authorization: Bearer <token>` checked in time independent of where the
// first difference is, so the token cannot be guessed byte by byte.
#include <string_view>

namespace ops_http {

bool bearer_matches(std::string_view authorization, std::string_view token);

}  // namespace ops_http
