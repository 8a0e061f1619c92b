#include "api/write_body.hpp"

#include <algorithm>

#include "api/api_error.hpp"
#include "api/csv_body.hpp"
#include "api/form_body.hpp"
#include "api/json_shape.hpp"

namespace pg_resty {

namespace {

ApiError invalid_body(std::string message) {
    return ApiError(400, "PGRST102", std::move(message));
}

WritePayload payload_from_json(std::string json, const char* mismatch) {
    const std::optional<JsonShape> shape = json_shape(json);
    if (!shape) {
        throw invalid_body("Empty or invalid json");
    }
    WritePayload payload;
    switch (shape->kind) {
        case JsonShape::Kind::Object:
            payload.keys = shape->keys;
            payload.json = std::move(json);
            break;
        case JsonShape::Kind::Array:
            if (!shape->uniform) {
                throw invalid_body(mismatch);
            }
            payload.keys = shape->keys;
            payload.json = std::move(json);
            break;
        case JsonShape::Kind::Other:
            // PostgREST truncates any other JSON value to an empty array.
            payload.json = "[]";
            break;
    }
    return payload;
}

}  // namespace

MediaType content_media_type(const std::string* header) {
    if (header == nullptr) {
        return media_of(MediaType::Kind::ApplicationJson);
    }
    std::string compact;
    for (char c : *header) {
        if (c != ' ' && c != '\t') {
            compact.push_back(c);
        }
    }
    return decode_media_type(compact);
}

WritePayload parse_write_payload(std::string_view body, const MediaType& content, bool raw_json) {
    switch (content.kind) {
        case MediaType::Kind::ApplicationJson:
            if (raw_json) {
                return WritePayload{std::string(body), {}};
            }
            return payload_from_json(std::string(body), "All object keys must match");
        case MediaType::Kind::TextCsv:
            return payload_from_json(csv_to_json(body),
                                     "All lines must have same number of fields");
        case MediaType::Kind::UrlEncoded: {
            WritePayload payload = payload_from_json(form_to_json(body), "");
            return payload;
        }
        default:
            throw invalid_body("Content-Type not acceptable: " + to_mime(content));
    }
}

}  // namespace pg_resty
