#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pg_resty {

// A media type as PostgREST v12 decodes it (PostgREST.MediaType): the ones it names, any
// other as written, and its vendored types with their parameters.
struct MediaType {
    enum class Kind {
        ApplicationJson,
        GeoJson,
        TextCsv,
        TextPlain,
        TextXml,
        OpenApi,
        UrlEncoded,
        OctetStream,
        Any,
        Other,              // `other` holds the type, parameters dropped
        VndArrayJsonStrip,  // application/vnd.pgrst.array+json;nulls=stripped
        VndSingularJson,    // application/vnd.pgrst.object+json
        VndPlan,            // application/vnd.pgrst.plan (EXPLAIN output)
    };

    Kind kind = Kind::ApplicationJson;
    bool strip_nulls = false;  // VndSingularJson: ;nulls=stripped
    std::string other;         // Other
    // VndPlan: the media type the plan is for (one element), its format and options.
    std::vector<MediaType> plan_for;
    bool plan_json = false;
    std::vector<std::string> plan_options;

    bool is_singular() const { return kind == Kind::VndSingularJson; }
};

// A media type without parameters.
MediaType media_of(MediaType::Kind kind);

// One media type: "text/csv", "application/vnd.pgrst.object+json;nulls=stripped" (no spaces,
// as parse_accept leaves them).
MediaType decode_media_type(std::string_view text);

// The `Accept` header as Warp's parseHttpAccept orders it: spaces removed, sorted by q-value
// then by specificity (more parameters, fewer '*'), keeping the sent order among equals. A
// q-value of 0 does not exclude a type, as in PostgREST. No header means `*/*`.
std::vector<MediaType> parse_accept(const std::string* header);

// The type as PostgREST writes it in messages ("application/json", "*/*").
std::string to_mime(const MediaType& media);

// The Content-Type header of a response in this media type.
std::string content_type(const MediaType& media);

}  // namespace pg_resty
