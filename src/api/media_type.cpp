#include "api/media_type.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

namespace pg_resty {

namespace {

using Kind = MediaType::Kind;

// Data.ByteString.split: "" gives no parts, "a;" gives "a" and "".
std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    if (text.empty()) {
        return parts;
    }
    while (true) {
        const size_t at = text.find(sep);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        text.remove_prefix(at + 1);
    }
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

MediaType decode_plan(bool json, const std::vector<std::string_view>& params) {
    MediaType media = media_of(Kind::VndPlan);
    media.plan_json = json;
    MediaType target = media_of(Kind::ApplicationJson);
    std::vector<std::string_view> options;
    bool have_for = false;
    bool have_options = false;
    for (std::string_view param : params) {
        if (!have_for && starts_with(param, "for=")) {
            have_for = true;
            std::string_view value = param.substr(4);
            while (!value.empty() && value.front() == '"') {
                value.remove_prefix(1);
            }
            while (!value.empty() && value.back() == '"') {
                value.remove_suffix(1);
            }
            target = decode_media_type(value);
        } else if (!have_options && starts_with(param, "options=")) {
            have_options = true;
            options = split(param.substr(8), '|');
        }
    }
    media.plan_for.push_back(std::move(target));
    // PostgREST keeps the known options, in its own order.
    for (const char* known : {"analyze", "verbose", "settings", "buffers", "wal"}) {
        if (std::find(options.begin(), options.end(), known) != options.end()) {
            media.plan_options.emplace_back(known);
        }
    }
    return media;
}

// Haskell's `reads` for a Double prefix: [-]digits[.digits][e[+-]digits]; nullopt if the text
// does not start with a number.
std::optional<double> read_double_prefix(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && (text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
                               text[i] == '\f' || text[i] == '\v')) {
        ++i;
    }
    const size_t start = i;
    if (i < text.size() && text[i] == '-') {
        ++i;
    }
    const auto digits = [&text](size_t at) {
        size_t end = at;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
            ++end;
        }
        return end;
    };
    size_t end = digits(i);
    if (end == i) {
        return std::nullopt;
    }
    if (end + 1 < text.size() && text[end] == '.' && digits(end + 1) > end + 1) {
        end = digits(end + 1);
    }
    if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        size_t exp = end + 1;
        if (exp < text.size() && (text[exp] == '+' || text[exp] == '-')) {
            ++exp;
        }
        if (digits(exp) > exp) {
            end = digits(exp);
        }
    }
    const std::string number(text.substr(start, end - start));
    return std::strtod(number.c_str(), nullptr);
}

struct Weighted {
    std::string_view type;
    double q = 1.0;
    long specificity = 0;  // parameters minus stars
};

Weighted weigh(std::string_view item, std::string& storage) {
    // parseHttpAccept removes every space, then splits at the first ";q=".
    storage.clear();
    for (char c : item) {
        if (c != ' ') {
            storage.push_back(c);
        }
    }
    Weighted weighted;
    std::string_view text = storage;
    const size_t q_at = text.find(";q=");
    weighted.type = text.substr(0, q_at);
    if (q_at != std::string_view::npos) {
        std::string_view q = text.substr(q_at + 3);
        q = q.substr(0, q.find(';'));
        weighted.q = read_double_prefix(q).value_or(1.0);
    }
    weighted.specificity =
        static_cast<long>(std::count(weighted.type.begin(), weighted.type.end(), ';')) -
        static_cast<long>(std::count(weighted.type.begin(), weighted.type.end(), '*'));
    return weighted;
}

}  // namespace

MediaType media_of(MediaType::Kind kind) {
    MediaType media;
    media.kind = kind;
    return media;
}

MediaType decode_media_type(std::string_view text) {
    const std::vector<std::string_view> parts = split(text, ';');
    if (parts.empty()) {
        return media_of(Kind::Any);
    }
    const std::string_view type = parts.front();
    const std::vector<std::string_view> params(parts.begin() + 1, parts.end());
    const bool nulls_stripped = params.size() == 1 && params.front() == "nulls=stripped";
    if (type == "application/json")
        return media_of(Kind::ApplicationJson);
    if (type == "application/geo+json")
        return media_of(Kind::GeoJson);
    if (type == "text/csv")
        return media_of(Kind::TextCsv);
    if (type == "text/plain")
        return media_of(Kind::TextPlain);
    if (type == "text/xml")
        return media_of(Kind::TextXml);
    if (type == "application/openapi+json")
        return media_of(Kind::OpenApi);
    if (type == "application/x-www-form-urlencoded")
        return media_of(Kind::UrlEncoded);
    if (type == "application/octet-stream")
        return media_of(Kind::OctetStream);
    if (type == "application/vnd.pgrst.plan" || type == "application/vnd.pgrst.plan+text")
        return decode_plan(false, params);
    if (type == "application/vnd.pgrst.plan+json")
        return decode_plan(true, params);
    if (type == "application/vnd.pgrst.object+json" || type == "application/vnd.pgrst.object") {
        MediaType media = media_of(Kind::VndSingularJson);
        media.strip_nulls = nulls_stripped;
        return media;
    }
    if (type == "application/vnd.pgrst.array+json" || type == "application/vnd.pgrst.array") {
        return media_of(nulls_stripped ? Kind::VndArrayJsonStrip : Kind::ApplicationJson);
    }
    if (type == "*/*")
        return media_of(Kind::Any);
    MediaType media = media_of(Kind::Other);
    media.other.assign(type);
    return media;
}

std::vector<MediaType> parse_accept(const std::string* header) {
    if (header == nullptr) {
        return {media_of(Kind::Any)};
    }
    const std::vector<std::string_view> items = split(*header, ',');
    std::vector<std::string> storage(items.size());
    std::vector<Weighted> weighted;
    weighted.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
        weighted.push_back(weigh(items[i], storage[i]));
    }
    // Highest (q, specificity) first; equals keep their order (Haskell's sortBy is stable).
    std::stable_sort(weighted.begin(), weighted.end(), [](const Weighted& a, const Weighted& b) {
        if (a.q != b.q) {
            return a.q > b.q;
        }
        return a.specificity > b.specificity;
    });
    std::vector<MediaType> accepted;
    accepted.reserve(weighted.size());
    for (const Weighted& w : weighted) {
        accepted.push_back(decode_media_type(w.type));
    }
    return accepted;
}

std::string to_mime(const MediaType& media) {
    switch (media.kind) {
        case Kind::ApplicationJson:
            return "application/json";
        case Kind::GeoJson:
            return "application/geo+json";
        case Kind::TextCsv:
            return "text/csv";
        case Kind::TextPlain:
            return "text/plain";
        case Kind::TextXml:
            return "text/xml";
        case Kind::OpenApi:
            return "application/openapi+json";
        case Kind::UrlEncoded:
            return "application/x-www-form-urlencoded";
        case Kind::OctetStream:
            return "application/octet-stream";
        case Kind::Any:
            return "*/*";
        case Kind::Other:
            return media.other;
        case Kind::VndArrayJsonStrip:
            return "application/vnd.pgrst.array+json;nulls=stripped";
        case Kind::VndSingularJson:
            return media.strip_nulls ? "application/vnd.pgrst.object+json;nulls=stripped"
                                     : "application/vnd.pgrst.object+json";
        case Kind::VndPlan: {
            std::string mime = "application/vnd.pgrst.plan+";
            mime.append(media.plan_json ? "json" : "text");
            mime.append("; for=\"");
            mime.append(media.plan_for.empty() ? std::string("application/json")
                                               : to_mime(media.plan_for.front()));
            mime.append("\"");
            for (size_t i = 0; i < media.plan_options.size(); ++i) {
                mime.append(i == 0 ? "; options=" : "|").append(media.plan_options[i]);
            }
            return mime;
        }
    }
    return "*/*";
}

std::string content_type(const MediaType& media) {
    std::string value = to_mime(media);
    if (media.kind != Kind::OctetStream && media.kind != Kind::Other) {
        value.append("; charset=utf-8");
    }
    return value;
}

}  // namespace pg_resty
