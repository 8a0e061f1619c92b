#include "api/parsec.hpp"

#include <algorithm>
#include <array>

namespace pg_resty::parsec {

namespace {

// Names of the control characters in Haskell's showLitChar.
constexpr std::array<const char*, 32> kAsciiNames{
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "a",   "b",   "t",   "n",
    "v",   "f",   "r",   "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
    "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};

// Haskell's showLitChar inside a literal delimited by `quote`.
void append_lit_char(std::string& out, char32_t c, char quote) {
    if (c == static_cast<char32_t>(quote) || c == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
        out.push_back('\\');
        out.append(kAsciiNames[c]);
    } else if (c == 0x7F) {
        out.append("\\DEL");
    } else if (c > 0x7F) {
        out.push_back('\\');
        out.append(std::to_string(static_cast<unsigned long>(c)));
    } else {
        out.push_back(static_cast<char>(c));
    }
}

std::string render(const Message& m) {
    switch (m.shown) {
        case Shown::Verbatim:
            return std::string(m.text);
        case Shown::QuotedText: {
            std::string out = "\"";
            for (char c : m.text) {
                append_lit_char(out, static_cast<unsigned char>(c), '"');
            }
            out.push_back('"');
            return out;
        }
        case Shown::QuotedChar:
            return show_char(m.code_point, '"');
        case Shown::CharLiteral:
            return show_char(m.code_point, '\'');
    }
    return {};
}

// Haskell's `nub . filter (not . null)`.
std::vector<std::string> clean(std::vector<std::string> items) {
    std::vector<std::string> out;
    for (std::string& item : items) {
        if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) {
            out.push_back(std::move(item));
        }
    }
    return out;
}

std::string commas_or(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out.append(i + 1 == items.size() ? " or " : ", ");
        }
        out.append(items[i]);
    }
    return out;
}

std::string show_many(std::string_view prefix, const std::vector<const Message*>& messages) {
    std::vector<std::string> texts;
    for (const Message* m : messages) {
        texts.push_back(render(*m));
    }
    const std::vector<std::string> items = clean(std::move(texts));
    if (items.empty()) {
        return {};
    }
    if (prefix.empty()) {
        return commas_or(items);
    }
    return std::string(prefix) + " " + commas_or(items);
}

}  // namespace

ParseError merge_messages(ParseError a, ParseError b) {
    const bool muted = a.muted || b.muted;
    if (b.unknown() && !a.unknown()) {
        return a;
    }
    if (a.unknown() && !b.unknown()) {
        return b;
    }
    if (a.pos == b.pos) {
        a.messages.insert(a.messages.end(), b.messages.begin(), b.messages.end());
        a.muted = muted;
        return a;
    }
    ParseError& later = a.pos > b.pos ? a : b;
    later.muted = muted;
    return std::move(later);
}

void set_expect(ParseError& error, std::string_view expected) {
    if (error.muted) {
        return;
    }
    auto& ms = error.messages;
    ms.erase(std::remove_if(ms.begin(), ms.end(),
                            [](const Message& m) { return m.kind == MessageKind::Expect; }),
             ms.end());
    ms.insert(ms.begin(), Message{MessageKind::Expect, Shown::Verbatim, expected, 0});
}

std::string render_details(const ParseError& error) {
    if (error.unknown()) {
        return "unknown parse error";
    }
    // Parsec sorts by message kind only (a stable sort), then shows each kind in turn.
    std::array<std::vector<const Message*>, 4> by_kind;
    for (const Message& m : error.messages) {
        by_kind[static_cast<size_t>(m.kind)].push_back(&m);
    }
    const auto& sys_unexpect = by_kind[0];
    const auto& unexpect = by_kind[1];
    std::string sys;
    if (unexpect.empty() && !sys_unexpect.empty()) {
        const std::string first = render(*sys_unexpect.front());
        sys = "unexpected " + (first.empty() ? std::string("end of input") : first);
    }
    const std::vector<std::string> parts =
        clean({sys, show_many("unexpected", unexpect), show_many("expecting", by_kind[2]),
               show_many("", by_kind[3])});
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) {
            out.push_back(' ');
        }
        out.append(part);
    }
    return out;
}

void render_position(std::string_view input, size_t pos, size_t& line, size_t& column) {
    line = 1;
    column = 1;
    const Input in(input);
    size_t i = 0;
    while (i < pos && i < input.size()) {
        const Char c = in.decode(i);
        if (c.code_point == '\n') {
            ++line;
            column = 1;
        } else if (c.code_point == '\t') {
            column = column + 8 - ((column - 1) % 8);
        } else {
            ++column;
        }
        i += c.bytes.size();
    }
}

std::string show_char(char32_t c, char quote) {
    std::string out(1, quote);
    append_lit_char(out, c, quote);
    out.push_back(quote);
    return out;
}

Char Input::decode(size_t pos) const {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char b0 = byte(pos);
    if (b0 < 0x80) {
        return Char{b0, text.substr(pos, 1)};
    }
    size_t length = 0;
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        cp = b0 & 0x07;
    }
    if (length == 0 || pos + length > text.size()) {
        return Char{0xFFFD, text.substr(pos, 1)};
    }
    for (size_t i = 1; i < length; ++i) {
        const unsigned char b = byte(pos + i);
        if ((b & 0xC0) != 0x80) {
            return Char{0xFFFD, text.substr(pos, 1)};
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms and surrogates are not characters either.
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return Char{0xFFFD, text.substr(pos, 1)};
    }
    return Char{cp, text.substr(pos, length)};
}

bool is_alpha(char32_t c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    // Haskell's isAlpha is "any Unicode letter". Without Unicode tables, count everything as a
    // letter except the common blocks of marks, symbols and punctuation.
    if (c <= 0xBF) {
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    }
    if (c == 0xD7 || c == 0xF7) {
        return false;
    }
    const std::array<std::pair<char32_t, char32_t>, 14> kNonLetters{{
        {0x0300, 0x036F},    // combining diacritical marks
        {0x2000, 0x206F},    // general punctuation
        {0x20A0, 0x20FF},    // currency symbols, combining marks for symbols
        {0x2190, 0x2BFF},    // arrows, mathematical operators, technical, box drawing...
        {0x3000, 0x3004},    // CJK symbols and punctuation
        {0x3008, 0x3020},    //
        {0xD800, 0xF8FF},    // surrogates, private use
        {0xFE00, 0xFE0F},    // variation selectors
        {0xFE30, 0xFE4F},    // CJK compatibility forms
        {0xFF01, 0xFF20},    // fullwidth punctuation and digits
        {0xFFF0, 0xFFFF},    // specials (including U+FFFD)
        {0x1F000, 0x1FAFF},  // emoji and pictographs
        {0xE0000, 0xE007F},  // tags
        {0xF0000, 0x10FFFF}  // supplementary private use
    }};
    for (const auto& [lo, hi] : kNonLetters) {
        if (c >= lo && c <= hi) {
            return false;
        }
    }
    return true;
}

Reply<Char> any_char(const Input& in, size_t pos) {
    return satisfy(in, pos, [](char32_t) { return true; });
}

Reply<Char> char_(const Input& in, size_t pos, char c) {
    Reply<Char> r = satisfy(in, pos, [c](char32_t x) { return x == static_cast<char32_t>(c); });
    if (!r.ok && in.record_errors) {
        // `char c = satisfy (== c) <?> show [c]`
        r.error.messages.erase(
            std::remove_if(r.error.messages.begin(), r.error.messages.end(),
                           [](const Message& m) { return m.kind == MessageKind::Expect; }),
            r.error.messages.end());
        r.error.messages.insert(
            r.error.messages.begin(),
            Message{MessageKind::Expect, Shown::QuotedChar, {}, static_cast<char32_t>(c)});
    }
    return r;
}

Reply<Char> one_of(const Input& in, size_t pos, std::string_view set) {
    return satisfy(in, pos, [set](char32_t c) { return in_set(c, set); });
}

Reply<Char> none_of(const Input& in, size_t pos, std::string_view set) {
    return satisfy(in, pos, [set](char32_t c) { return !in_set(c, set); });
}

Reply<Char> letter(const Input& in, size_t pos) {
    return label(satisfy(in, pos, is_alpha), "letter");
}

Reply<Char> digit(const Input& in, size_t pos) {
    return label(satisfy(in, pos, [](char32_t c) { return c >= '0' && c <= '9'; }), "digit");
}

Reply<Unit> string_(const Input& in, size_t pos, std::string_view literal) {
    const auto fail = [&](bool consumed, size_t at) {
        ParseError e{pos, {}, !in.record_errors};
        if (e.muted) {
            return error_reply<Unit>(consumed, std::move(e));
        }
        if (in.at_end(at)) {
            e.messages.push_back({MessageKind::SysUnExpect});
        } else {
            e.messages.push_back(
                {MessageKind::SysUnExpect, Shown::QuotedChar, {}, in.decode(at).code_point});
        }
        e.messages.insert(e.messages.begin(),
                          Message{MessageKind::Expect, Shown::QuotedText, literal, 0});
        return error_reply<Unit>(consumed, std::move(e));
    };
    size_t at = pos;
    for (size_t i = 0; i < literal.size(); ++i) {
        if (in.at_end(at) || in.text[at] != literal[i]) {
            return fail(i > 0, at);
        }
        ++at;
    }
    if (literal.empty()) {
        return ok_reply<Unit>(false, pos, ParseError{pos, {}}, Unit{});
    }
    return ok_reply<Unit>(true, at, ParseError{at, {}}, Unit{});
}

Reply<Unit> eof(const Input& in, size_t pos) {
    if (in.at_end(pos)) {
        ParseError e = error_at(in, pos, {MessageKind::SysUnExpect});
        set_expect(e, "end of input");
        return ok_reply<Unit>(false, pos, std::move(e), Unit{});
    }
    ParseError e = error_at(
        in, pos, {MessageKind::UnExpect, Shown::CharLiteral, {}, in.decode(pos).code_point});
    set_expect(e, "end of input");
    return error_reply<Unit>(false, std::move(e));
}

Reply<Unit> not_followed_by(const Input& in, Reply<Char> r, size_t pos) {
    if (r.ok) {
        return error_reply<Unit>(
            false, error_at(in, r.pos,
                            {MessageKind::UnExpect, Shown::CharLiteral, {}, r.value.code_point}));
    }
    return ok_reply<Unit>(false, pos, std::move(r.error), Unit{});
}

}  // namespace pg_resty::parsec
