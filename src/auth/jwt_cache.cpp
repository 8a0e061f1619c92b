#include "auth/jwt_cache.hpp"

#include <memory>

#include "auth/auth.hpp"

namespace pg_resty {

struct JwtCache::Entry {
    AuthResult result;
    std::optional<long long> valid_until;
};

JwtCache::JwtCache() = default;
JwtCache::~JwtCache() = default;

const AuthResult* JwtCache::find(std::string_view token, long long now) {
    auto it = entries_.find(std::string(token));
    if (it == entries_.end()) {
        return nullptr;
    }
    if (it->second->valid_until && now > *it->second->valid_until) {
        return nullptr;  // expired: verification runs again and answers "JWT expired"
    }
    return &it->second->result;
}

void JwtCache::put(std::string token, const AuthResult& result,
                   std::optional<long long> valid_until) {
    const size_t cost = token.size() + result.claims_json.size() + result.role.size();
    if (cost > kMaxBytes / 16 || entries_.count(token) != 0) {
        return;
    }
    while (!order_.empty() && (entries_.size() >= kMaxEntries || bytes_ + cost > kMaxBytes)) {
        evict_oldest();
    }
    auto entry = std::make_unique<Entry>();
    entry->result = result;
    entry->valid_until = valid_until;
    order_.push_back(token);
    entries_.emplace(std::move(token), std::move(entry));
    bytes_ += cost;
}

void JwtCache::evict_oldest() {
    auto it = entries_.find(order_.front());
    if (it != entries_.end()) {
        bytes_ -= it->first.size() + it->second->result.claims_json.size() +
                  it->second->result.role.size();
        entries_.erase(it);
    }
    order_.pop_front();
}

void JwtCache::clear() {
    entries_.clear();
    order_.clear();
    bytes_ = 0;
}

}  // namespace pg_resty
