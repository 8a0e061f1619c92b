#include "auth/auth.hpp"

#include <ctime>

#include "api/api_error.hpp"
#include "auth/jwt_verify.hpp"
#include "common/json_text.hpp"
#include "common/text.hpp"

namespace pg_resty {

namespace {

ApiError anonymous_disabled() {
    ApiError error(401, "PGRST302", "Anonymous access is disabled");
    error.headers.push_back(Header{"WWW-Authenticate", "Bearer"});
    return error;
}

// The token of an "Authorization: Bearer <token>" header; nullopt for no header or another
// scheme (which PostgREST treats as no token).
std::optional<std::string_view> bearer_token(const Request& request) {
    const std::string* header = request.header("authorization");
    if (header == nullptr) {
        return std::nullopt;
    }
    const std::string_view value = trim_ascii(*header);
    if (value.size() < 6 || !iequals_ascii(value.substr(0, 6), "bearer")) {
        return std::nullopt;
    }
    if (value.size() > 6 && value[6] != ' ' && value[6] != '\t') {
        return std::nullopt;  // "Bearerish ..." is another scheme
    }
    return trim_ascii(value.substr(6));
}

}  // namespace

void Authenticator::configure(const Settings& settings) {
    if (configured_ && secret_ == settings.jwt_secret &&
        secret_is_base64_ == settings.jwt_secret_is_base64 && audience_ == settings.jwt_aud &&
        role_claim_key_ == settings.jwt_role_claim_key && anon_role_ == settings.anon_role) {
        return;
    }
    secret_ = settings.jwt_secret;
    secret_is_base64_ = settings.jwt_secret_is_base64;
    audience_ = settings.jwt_aud;
    role_claim_key_ = settings.jwt_role_claim_key;
    anon_role_ = settings.anon_role;
    keys_ = parse_jwt_secret(secret_, secret_is_base64_);
    role_path_ = parse_role_claim_path(role_claim_key_);
    cache_.clear();
    configured_ = true;
}

AuthResult Authenticator::from_claims(JsonValue claims, const Settings& settings) const {
    if (!role_path_) {
        throw ApiError(500, "PGRSTX00", "pg_resty.jwt_role_claim_key is not a valid claim path",
                       "It is '" + settings.jwt_role_claim_key + "'");
    }
    AuthResult result;
    if (const JsonValue* role = walk_role_claim_path(claims, *role_path_)) {
        // PostgREST's `unquoted`: a string as it is, anything else as its JSON text.
        result.role = role->is_string() ? role->text : to_json(*role);
        result.authenticated = true;
    } else if (!settings.anon_role.empty()) {
        result.role = settings.anon_role;
    } else {
        throw anonymous_disabled();
    }
    // request.jwt.claims carries the role the request runs as under "role", as PostgREST's.
    JsonValue role_value;
    role_value.kind = JsonValue::Kind::String;
    role_value.text = result.role;
    bool replaced = false;
    for (auto& [key, value] : claims.members) {
        if (key == "role") {
            value = role_value;
            replaced = true;
        }
    }
    if (!replaced) {
        claims.members.emplace_back("role", std::move(role_value));
    }
    result.claims_json = to_json(claims);
    return result;
}

AuthResult Authenticator::authenticate(const Request& request, const Settings& settings,
                                       long long now) {
    const std::optional<std::string_view> token = bearer_token(request);
    if (!token) {
        if (settings.anon_role.empty()) {
            throw anonymous_disabled();
        }
        AuthResult result;
        result.role = settings.anon_role;
        result.claims_json = "{\"role\":" + json_string(settings.anon_role) + "}";
        return result;
    }
    if (token->empty()) {
        throw jwt_error("PGRST301", "Empty JWT is sent in Authorization header");
    }
    configure(settings);
    if (keys_.empty()) {
        throw ApiError(500, "PGRST300", "Server lacks JWT secret");
    }
    if (const AuthResult* cached = cache_.find(*token, now)) {
        return *cached;
    }
    const std::optional<std::string> audience =
        audience_.empty() ? std::nullopt : std::optional<std::string>(audience_);
    JsonValue claims = verify_jwt(*token, keys_, audience, now);
    const std::optional<long long> valid_until = jwt_valid_until(claims);
    AuthResult result = from_claims(std::move(claims), settings);
    cache_.put(std::string(*token), result, valid_until);
    return result;
}

AuthResult authenticate(const Request& request, const Settings& settings) {
    Authenticator authenticator;
    return authenticator.authenticate(request, settings,
                                      static_cast<long long>(std::time(nullptr)));
}

}  // namespace pg_resty
