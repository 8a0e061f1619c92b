#include "api/preferences.hpp"

#include <string_view>

#include "api/api_error.hpp"

namespace pg_resty {

namespace {

// Haskell's BS.strip: the ASCII whitespace of isSpace.
std::string_view strip(std::string_view text) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

template <typename T>
void first_wins(std::optional<T>& slot, T value) {
    if (!slot) {
        slot = value;
    }
}

// Records `token` in `prefs` if PostgREST knows it; false if it does not.
bool apply_token(std::string_view token, Preferences& prefs) {
    if (token == "resolution=merge-duplicates") {
        first_wins(prefs.resolution, PreferResolution::MergeDuplicates);
    } else if (token == "resolution=ignore-duplicates") {
        first_wins(prefs.resolution, PreferResolution::IgnoreDuplicates);
    } else if (token == "return=representation") {
        first_wins(prefs.representation, PreferRepresentation::Full);
    } else if (token == "return=minimal") {
        first_wins(prefs.representation, PreferRepresentation::None);
    } else if (token == "return=headers-only") {
        first_wins(prefs.representation, PreferRepresentation::HeadersOnly);
    } else if (token == "params=single-object") {
        prefs.single_object_params = true;
    } else if (token == "count=exact") {
        first_wins(prefs.count, PreferCount::Exact);
    } else if (token == "count=planned") {
        first_wins(prefs.count, PreferCount::Planned);
    } else if (token == "count=estimated") {
        first_wins(prefs.count, PreferCount::Estimated);
    } else if (token == "tx=commit") {
        first_wins(prefs.transaction, PreferTransaction::Commit);
    } else if (token == "tx=rollback") {
        first_wins(prefs.transaction, PreferTransaction::Rollback);
    } else if (token == "missing=default") {
        first_wins(prefs.missing, PreferMissing::ApplyDefaults);
    } else if (token == "missing=null") {
        first_wins(prefs.missing, PreferMissing::ApplyNulls);
    } else if (token == "handling=strict") {
        first_wins(prefs.handling, PreferHandling::Strict);
    } else if (token == "handling=lenient") {
        first_wins(prefs.handling, PreferHandling::Lenient);
    } else if (token.substr(0, 13) == "max-affected=") {
        // PostgREST accepts any value here; only writes read it.
        if (!prefs.max_affected) {
            prefs.max_affected = std::string(token.substr(13));
        }
    } else if (token.substr(0, 9) == "timezone=") {
        // Invalid until the planner finds the zone in pg_timezone_names (see `invalid`).
        if (!prefs.timezone) {
            prefs.timezone = std::string(token.substr(9));
        }
        return false;
    } else {
        return false;
    }
    return true;
}

}  // namespace

Preferences parse_preferences(const std::vector<Header>& headers) {
    Preferences prefs;
    for (const Header& header : headers) {
        if (header.name != "prefer") {
            continue;
        }
        std::string_view rest = header.value;
        while (true) {
            const size_t comma = rest.find(',');
            const std::string_view token = strip(rest.substr(0, comma));
            if (!apply_token(token, prefs)) {
                prefs.invalid.emplace_back(token);
            }
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    return prefs;
}

const char* preference_token(PreferCount count) {
    switch (count) {
        case PreferCount::Exact:
            return "count=exact";
        case PreferCount::Planned:
            return "count=planned";
        case PreferCount::Estimated:
            return "count=estimated";
    }
    return "";
}

const char* preference_token(PreferHandling handling) {
    return handling == PreferHandling::Strict ? "handling=strict" : "handling=lenient";
}

std::optional<std::string> read_preference_applied(const Preferences& preferences,
                                                   bool timezone_accepted) {
    // A read applies count, tx and handling: tx is always overridable here, as with
    // PostgREST's db-tx-end = commit-allow-override (the writes honour it).
    std::string applied;
    const auto add = [&applied](const char* token) {
        if (!applied.empty()) {
            applied.append(", ");
        }
        applied.append(token);
    };
    if (preferences.count) {
        add(preference_token(*preferences.count));
    }
    if (preferences.transaction) {
        add(*preferences.transaction == PreferTransaction::Commit ? "tx=commit" : "tx=rollback");
    }
    if (preferences.handling) {
        add(preference_token(*preferences.handling));
    }
    if (timezone_accepted && preferences.timezone) {
        add(("timezone=" + *preferences.timezone).c_str());
    }
    if (applied.empty()) {
        return std::nullopt;
    }
    return applied;
}

void check_strict_preferences(const Preferences& preferences, bool timezone_accepted) {
    if (preferences.handling != PreferHandling::Strict) {
        return;
    }
    std::string details;
    for (const std::string& token : preferences.invalid) {
        if (timezone_accepted && token.compare(0, 9, "timezone=") == 0) {
            continue;
        }
        details.append(details.empty() ? "Invalid preferences: " : ", ").append(token);
    }
    if (details.empty()) {
        return;
    }
    throw ApiError(400, "PGRST122", "Invalid preferences given with handling=strict",
                   std::move(details));
}

}  // namespace pg_resty
