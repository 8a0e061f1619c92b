#include "plan/media_negotiation.hpp"

#include <optional>

#include "api/api_error.hpp"

namespace pg_resty {

namespace {

using Kind = MediaType::Kind;

std::optional<NegotiatedMedia> producible(const MediaType& media) {
    switch (media.kind) {
        case Kind::VndSingularJson:
            return NegotiatedMedia{media, media.strip_nulls ? BodyAggregate::JsonObjectStripNulls
                                                            : BodyAggregate::JsonObject};
        case Kind::VndArrayJsonStrip:
            return NegotiatedMedia{media, BodyAggregate::JsonArrayStripNulls};
        case Kind::Any:
        case Kind::ApplicationJson:
            return NegotiatedMedia{media_of(Kind::ApplicationJson), BodyAggregate::JsonArray};
        case Kind::TextCsv:
            return NegotiatedMedia{media, BodyAggregate::Csv};
        case Kind::GeoJson:
            return NegotiatedMedia{media, BodyAggregate::GeoJson};
        default:
            // Plans need db-plan-enabled; the rest need media type handlers (domains over
            // "*/*" and the like), which this build does not load.
            return std::nullopt;
    }
}

ApiError none_available(const std::vector<MediaType>& accept) {
    std::string message = "None of these media types are available: ";
    for (size_t i = 0; i < accept.size(); ++i) {
        message.append(i == 0 ? "" : ", ").append(to_mime(accept[i]));
    }
    return ApiError(406, "PGRST107", std::move(message));
}

}  // namespace

NegotiatedMedia negotiate_read_media(const std::vector<MediaType>& accept, bool head) {
    for (const MediaType& media : accept) {
        if (std::optional<NegotiatedMedia> found = producible(media)) {
            if (head) {
                found->aggregate = BodyAggregate::None;
            }
            return std::move(*found);
        }
    }
    throw none_available(accept);
}

void negotiate_openapi_media(const std::vector<MediaType>& accept) {
    // PostgREST's inspectPlan: the OpenAPI document is produced as any of these three.
    for (const MediaType& media : accept) {
        if (media.kind == Kind::OpenApi || media.kind == Kind::ApplicationJson ||
            media.kind == Kind::Any) {
            return;
        }
    }
    throw none_available(accept);
}

}  // namespace pg_resty
