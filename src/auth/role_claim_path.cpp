#include "auth/role_claim_path.hpp"

namespace pg_resty {

namespace {

bool plain_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || c == '@' || c == '-';
}

// A double-quoted string; a backslash escapes the next character.
bool quoted(std::string_view text, size_t& pos, std::string& out) {
    if (pos >= text.size() || text[pos] != '"') {
        return false;
    }
    for (++pos; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c == '"') {
            ++pos;
            return true;
        }
        if (c == '\\' && pos + 1 < text.size()) {
            c = text[++pos];
        }
        out.push_back(c);
    }
    return false;
}

void skip_spaces(std::string_view text, size_t& pos) {
    while (pos < text.size() && text[pos] == ' ') {
        ++pos;
    }
}

bool filter(std::string_view text, size_t& pos, RoleClaimStep& step) {
    // At "[?(": @ <op> "operand" )]
    pos += 3;
    skip_spaces(text, pos);
    if (pos >= text.size() || text[pos] != '@') {
        return false;
    }
    ++pos;
    skip_spaces(text, pos);
    struct OpName {
        std::string_view name;
        RoleClaimStep::Op op;
    };
    static const OpName ops[] = {
        {"==^", RoleClaimStep::Op::EndsWith}, {"^==", RoleClaimStep::Op::StartsWith},
        {"*==", RoleClaimStep::Op::Contains}, {"==", RoleClaimStep::Op::Equals},
        {"!=", RoleClaimStep::Op::NotEquals},
    };
    bool matched = false;
    for (const OpName& op : ops) {
        if (text.substr(pos, op.name.size()) == op.name) {
            step.op = op.op;
            pos += op.name.size();
            matched = true;
            break;
        }
    }
    if (!matched) {
        return false;
    }
    skip_spaces(text, pos);
    if (!quoted(text, pos, step.key)) {
        return false;
    }
    skip_spaces(text, pos);
    if (text.substr(pos, 2) != ")]") {
        return false;
    }
    pos += 2;
    step.kind = RoleClaimStep::Kind::Filter;
    return true;
}

bool matches(const RoleClaimStep& step, const std::string& value) {
    const std::string& p = step.key;
    switch (step.op) {
        case RoleClaimStep::Op::Equals:
            return value == p;
        case RoleClaimStep::Op::NotEquals:
            return value != p;
        case RoleClaimStep::Op::StartsWith:
            return value.compare(0, p.size(), p) == 0;
        case RoleClaimStep::Op::EndsWith:
            return value.size() >= p.size() &&
                   value.compare(value.size() - p.size(), p.size(), p) == 0;
        case RoleClaimStep::Op::Contains:
            return value.find(p) != std::string::npos;
    }
    return false;
}

}  // namespace

std::optional<RoleClaimPath> parse_role_claim_path(std::string_view text) {
    RoleClaimPath path;
    size_t pos = 0;
    while (pos < text.size()) {
        RoleClaimStep step;
        if (!path.empty() && path.back().kind == RoleClaimStep::Kind::Filter) {
            return std::nullopt;  // a filter ends the path
        }
        if (text[pos] == '.') {
            ++pos;
            if (pos < text.size() && text[pos] == '"') {
                if (!quoted(text, pos, step.key)) {
                    return std::nullopt;
                }
            } else {
                const size_t start = pos;
                while (pos < text.size() && plain_key_char(text[pos])) {
                    ++pos;
                }
                if (pos == start) {
                    return std::nullopt;
                }
                step.key.assign(text.substr(start, pos - start));
            }
        } else if (text.substr(pos, 3) == "[?(") {
            if (!filter(text, pos, step)) {
                return std::nullopt;
            }
        } else if (text[pos] == '[') {
            ++pos;
            const size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 9) {
                step.index = step.index * 10 + static_cast<size_t>(text[pos] - '0');
                ++pos;
            }
            if (pos == start || pos >= text.size() || text[pos] != ']') {
                return std::nullopt;
            }
            ++pos;
            step.kind = RoleClaimStep::Kind::Index;
        } else {
            return std::nullopt;
        }
        path.push_back(std::move(step));
    }
    if (path.empty()) {
        return std::nullopt;
    }
    return path;
}

const JsonValue* walk_role_claim_path(const JsonValue& claims, const RoleClaimPath& path) {
    const JsonValue* at = &claims;
    for (const RoleClaimStep& step : path) {
        switch (step.kind) {
            case RoleClaimStep::Kind::Key:
                at = at->is_object() ? at->find(step.key) : nullptr;
                break;
            case RoleClaimStep::Kind::Index:
                at = at->is_array() && step.index < at->items.size() ? &at->items[step.index]
                                                                     : nullptr;
                break;
            case RoleClaimStep::Kind::Filter: {
                const JsonValue* found = nullptr;
                if (at->is_array()) {
                    for (const JsonValue& item : at->items) {
                        if (item.is_string() && matches(step, item.text)) {
                            found = &item;
                            break;
                        }
                    }
                }
                at = found;
                break;
            }
        }
        if (at == nullptr) {
            return nullptr;
        }
    }
    return at;
}

}  // namespace pg_resty
