#include "hooks/query_args.hpp"

#include <set>

namespace pg_resty {

namespace {

bool keep_as_is(char c, bool keep_slash) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    switch (c) {
        case '-':
        case '_':
        case '.':
        case '~':
        case ',':
        case '(':
        case ')':
        case '*':
        case ':':
        case '!':
            return true;
        case '/':
            return keep_slash;
        default:
            return false;
    }
}

void append_pair(std::string& out, const std::string& name, const std::string& value) {
    if (!out.empty()) {
        out.push_back('&');
    }
    out += percent_encode(name, false);
    out.push_back('=');
    out += percent_encode(value, false);
}

}  // namespace

ArgMap group_args(const std::vector<QueryPair>& pairs) {
    ArgMap args;
    for (const QueryPair& pair : pairs) {
        args[pair.first].push_back(pair.second);
    }
    return args;
}

std::string percent_encode(std::string_view text, bool keep_slash) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (keep_as_is(c, keep_slash)) {
            out.push_back(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 15]);
        }
    }
    return out;
}

std::string encode_query(std::string_view original, const ArgMap& args) {
    if (group_args(parse_query_string(original)) == args) {
        return std::string(original);
    }
    std::string out;
    std::set<std::string> done;
    for (const QueryPair& pair : parse_query_string(original)) {
        const auto it = args.find(pair.first);
        if (it == args.end() || !done.insert(pair.first).second) {
            continue;
        }
        for (const std::string& value : it->second) {
            append_pair(out, it->first, value);
        }
    }
    for (const auto& [name, values] : args) {
        if (done.count(name) == 0) {
            for (const std::string& value : values) {
                append_pair(out, name, value);
            }
        }
    }
    return out;
}

}  // namespace pg_resty
