#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pg_resty {

struct AuthResult;

// A worker's cache of verified tokens: signature checks and JSON parsing cost more than the
// rest of a cached GET. Keyed by the token text; an entry is used only until its exp (plus
// the clock skew) and the whole cache is bounded by entries and bytes, oldest out first.
class JwtCache {
  public:
    static constexpr size_t kMaxEntries = 1000;
    static constexpr size_t kMaxBytes = 4 * 1024 * 1024;

    // The cached result for `token`, if there is one still valid at `now`.
    const AuthResult* find(std::string_view token, long long now);
    void put(std::string token, const AuthResult& result, std::optional<long long> valid_until);
    JwtCache();
    ~JwtCache();
    JwtCache(const JwtCache&) = delete;
    JwtCache& operator=(const JwtCache&) = delete;

    void clear();
    size_t size() const { return entries_.size(); }

  private:
    struct Entry;
    void evict_oldest();

    std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
    std::deque<std::string> order_;  // insertion order, for eviction
    size_t bytes_ = 0;
};

}  // namespace pg_resty
