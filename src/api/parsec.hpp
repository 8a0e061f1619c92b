#pragma once

// The parts of Haskell's Parsec that PostgREST's query-string grammar uses, with Parsec's
// semantics: a parser either consumed input or not, `<|>` only tries the next alternative when
// the previous one failed without consuming, `try` turns a consuming failure into an empty one,
// and every reply carries a ParseError that is merged the way Parsec merges them. PostgREST
// answers malformed query strings with the text of that error ("unexpected \"x\" expecting
// ..."), so reproducing the error semantics is what makes our PGRST100 details match.
//
// Parsers are plain functions `Reply<T> f(Input&, size_t pos)`. Sequences (Haskell's do-blocks)
// are written with Seq, alternatives with Choice; both apply Parsec's bind/plus rules.
// Positions are byte offsets into the input; render_position() turns one into Parsec's
// (line, column) at the end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace pg_resty::parsec {

enum class MessageKind : uint8_t { SysUnExpect = 0, UnExpect = 1, Expect = 2, Text = 3 };

// How a message's text is printed.
enum class Shown : uint8_t {
    Verbatim,    // `text` as is ("letter", "end of input"; "" for SysUnExpect: end of input)
    QuotedText,  // Haskell's `show` of the String `text`: "\"neq\""
    QuotedChar,  // `show` of a one-character String: "\"x\""
    CharLiteral  // `show` of a Char: "'x'"
};

struct Message {
    MessageKind kind = MessageKind::Text;
    Shown shown = Shown::Verbatim;
    std::string_view text = {};  // Verbatim and QuotedText; always static storage
    char32_t code_point = 0;     // QuotedChar and CharLiteral
};

// Parsec's ParseError: a position and the messages gathered there. No messages: "unknown".
// A muted error comes from a parse that records no messages (see run()).
struct ParseError {
    size_t pos = 0;
    std::vector<Message> messages;
    bool muted = false;

    bool unknown() const { return messages.empty(); }
};

ParseError merge_messages(ParseError a, ParseError b);

// Parsec's mergeError: a meaningful error wins over an unknown one, the further position wins,
// equal positions pool their messages.
inline ParseError merge(ParseError a, ParseError b) {
    // The common case first: neither carries messages (successes, or a muted parse).
    if (a.messages.empty() && b.messages.empty()) {
        ParseError& later = a.pos >= b.pos ? a : b;
        later.muted = a.muted || b.muted;
        return std::move(later);
    }
    return merge_messages(std::move(a), std::move(b));
}

// Parsec's `<?>` on an empty reply: all Expect messages replaced by `expected`.
void set_expect(ParseError& error, std::string_view expected);

// The details line PostgREST prints: Parsec's showErrorMessages with newlines as spaces.
std::string render_details(const ParseError& error);

// Parsec's 1-based line and column of a byte offset (tabs advance to the next multiple of 8).
void render_position(std::string_view input, size_t pos, size_t& line, size_t& column);

// Haskell's `show` of a one-character String ('"' → "\"x\"") or of a Char ('\'' → "'x'").
std::string show_char(char32_t c, char quote);

struct Unit {};

// One input character: its code point and its bytes in the input.
struct Char {
    char32_t code_point = 0;
    std::string_view bytes;
};

template <typename T>
struct Reply {
    bool ok = false;
    bool consumed = false;
    size_t pos = 0;  // where parsing continues after an ok reply
    ParseError error;
    T value{};
};

struct Input {
    std::string_view text;
    // How errors name this parse: "failed to parse <what> (<source>)" (Parsec's SourceName).
    std::string_view what;
    std::string_view source;
    int depth = 0;              // recursion depth of the grammar's nested productions
    bool record_errors = true;  // false: failures carry no messages (cheap; see run())
    // Field names parsed so far, by position: PostgREST's select grammar backtracks over the
    // same name up to five times (relation, alias, field...); the reply is the same each time.
    std::vector<std::pair<size_t, Reply<std::string>>> field_names;

    Input(std::string_view text_, std::string_view what_, std::string_view source_)
        : text(text_), what(what_), source(source_) {}
    explicit Input(std::string_view text_) : Input(text_, {}, text_) {}
    bool at_end(size_t pos) const { return pos >= text.size(); }
    // The character at `pos`. Invalid UTF-8 decodes byte by byte as U+FFFD.
    Char decode(size_t pos) const;
};

template <typename T>
Reply<T> ok_reply(bool consumed, size_t pos, ParseError error, T value) {
    return Reply<T>{true, consumed, pos, std::move(error), std::move(value)};
}

template <typename T>
Reply<T> error_reply(bool consumed, ParseError error) {
    return Reply<T>{false, consumed, error.pos, std::move(error), T{}};
}

// An error with one message, or a muted one when `in` records no messages.
inline ParseError error_at(const Input& in, size_t pos, Message message) {
    if (!in.record_errors) {
        return ParseError{pos, {}, true};
    }
    return ParseError{pos, {message}, false};
}

// Runs the whole-input parser `p` from the start. Parsec's control flow never depends on the
// messages of an error, only on success and consumption, so the parse first runs without
// building messages (most requests are well-formed, and a failed alternative then costs no
// allocation) and only a failed parse runs again to produce them.
// With muted_first false, the parse records messages from the start: the grammar alone, as
// tests compare it with the shortcuts taken when nothing is recorded.
template <typename P>
auto run(Input& in, P&& p, bool muted_first = true) -> decltype(p(in, 0)) {
    in.record_errors = !muted_first;
    in.depth = 0;
    in.field_names.clear();
    auto r = p(in, 0);
    if (!r.ok && muted_first) {
        in.record_errors = true;
        in.depth = 0;
        in.field_names.clear();
        r = p(in, 0);
    }
    return r;
}

// --- combinators on replies -------------------------------------------------------------------

// Parsec's `try`: a failure that consumed input pretends it consumed nothing.
template <typename T>
Reply<T> attempt(Reply<T> r) {
    if (!r.ok) {
        r.consumed = false;
    }
    return r;
}

// Parsec's `<?>`.
template <typename T>
Reply<T> label(Reply<T> r, std::string_view expected) {
    if (!r.consumed && (!r.ok || !r.error.unknown())) {
        set_expect(r.error, expected);
    }
    return r;
}

// Parsec's `<$>` on a reply.
template <typename T, typename F>
auto fmap(Reply<T> r, F&& f) -> Reply<std::decay_t<decltype(f(std::move(r.value)))>> {
    using U = std::decay_t<decltype(f(std::move(r.value)))>;
    Reply<U> out{r.ok, r.consumed, r.pos, std::move(r.error), U{}};
    if (r.ok) {
        out.value = f(std::move(r.value));
    }
    return out;
}

// Parsec's `optionMaybe`: an empty failure becomes an empty success carrying its error.
template <typename T>
Reply<std::optional<T>> option_maybe(Reply<T> r, size_t pos) {
    Reply<std::optional<T>> out{r.ok, r.consumed, r.pos, std::move(r.error), std::nullopt};
    if (r.ok) {
        out.value = std::move(r.value);
    } else if (!r.consumed) {
        out.ok = true;
        out.pos = pos;
    }
    return out;
}

// --- sequences and alternatives -----------------------------------------------------------------

// A do-block: each step runs where the previous one stopped. Mirrors Parsec's bind: once a
// step consumed, the errors of earlier empty steps are dropped; empty steps pool their errors.
class Seq {
  public:
    explicit Seq(size_t pos) : pos_(pos) { error_.pos = pos; }

    size_t pos() const { return pos_; }

    // False when the step failed: the block then returns failure().
    template <typename T>
    bool step(Reply<T> r, T* out = nullptr) {
        if (r.consumed) {
            consumed_ = true;
            error_ = std::move(r.error);
        } else {
            error_ = merge(std::move(error_), std::move(r.error));
        }
        if (!r.ok) {
            return false;
        }
        pos_ = r.pos;
        if (out != nullptr) {
            *out = std::move(r.value);
        }
        return true;
    }

    template <typename T>
    Reply<T> failure() {
        return error_reply<T>(consumed_, std::move(error_));
    }

    template <typename T>
    Reply<T> success(T value) {
        return ok_reply<T>(consumed_, pos_, std::move(error_), std::move(value));
    }

  private:
    size_t pos_;
    bool consumed_ = false;
    ParseError error_;
};

// Alternatives (`p <|> q <|> ...`), offered in order: an alternative decides the choice when
// it consumed input or succeeded; the empty failures before it pool their errors.
template <typename T>
class Choice {
  public:
    bool decided(Reply<T>& r) {
        if (r.consumed) {
            return true;
        }
        if (have_error_) {
            r.error = merge(std::move(error_), std::move(r.error));
        }
        if (r.ok) {
            return true;
        }
        error_ = std::move(r.error);
        have_error_ = true;
        return false;
    }

    Reply<T> failure(size_t pos) {
        return error_reply<T>(false, have_error_ ? std::move(error_) : ParseError{pos, {}});
    }

    // The last alternative: its reply, or the failure of the whole choice.
    Reply<T> finish(Reply<T> r, size_t pos) {
        if (decided(r)) {
            return r;
        }
        return failure(pos);
    }

  private:
    ParseError error_;
    bool have_error_ = false;
};

// Parsec's `many`: `sink` receives each value. The grammar must not pass a parser that can
// succeed without consuming (Parsec stops with an error there; so do we).
template <typename P, typename Sink>
Reply<Unit> many(Input& in, size_t pos, P&& p, Sink&& sink) {
    bool consumed = false;
    for (;;) {
        auto r = p(in, pos);
        if (r.ok) {
            if (!r.consumed) {
                throw std::logic_error("parsec: many applied to a parser that accepts nothing");
            }
            sink(std::move(r.value));
            pos = r.pos;
            consumed = true;
            continue;
        }
        if (r.consumed) {
            return error_reply<Unit>(true, std::move(r.error));
        }
        return ok_reply<Unit>(consumed, pos, std::move(r.error), Unit{});
    }
}

// `many p` for a character parser `p` that succeeds exactly on the characters `accepts`
// accepts: the run is scanned directly and `p` only runs once, where it stops, for the error
// Parsec's `many` would end with. The value is the bytes of the run.
template <typename Accepts, typename P>
Reply<std::string_view> many_chars(Input& in, size_t pos, Accepts&& accepts, P&& p) {
    size_t end = pos;
    while (!in.at_end(end)) {
        const Char c = in.decode(end);
        if (!accepts(c.code_point)) {
            break;
        }
        end += c.bytes.size();
    }
    Reply<Char> stop = p(in, end);
    if (stop.ok) {
        throw std::logic_error("parsec: many_chars predicate disagrees with its parser");
    }
    return ok_reply<std::string_view>(end > pos, end, std::move(stop.error),
                                      in.text.substr(pos, end - pos));
}

// Parsec's `lookAhead`: succeeds where `p` does, consuming nothing.
template <typename T>
Reply<T> look_ahead(Reply<T> r, size_t pos) {
    if (r.ok) {
        r.consumed = false;
        r.pos = pos;
        r.error = ParseError{pos, {}};
    }
    return r;
}

// --- primitives ------------------------------------------------------------------------------

// Parsec's `satisfy`: one character matching `pred`; on mismatch "unexpected \"x\"".
template <typename Pred>
Reply<Char> satisfy(const Input& in, size_t pos, Pred&& pred) {
    if (in.at_end(pos)) {
        return error_reply<Char>(false, error_at(in, pos, {MessageKind::SysUnExpect}));
    }
    const Char c = in.decode(pos);
    if (!pred(c.code_point)) {
        return error_reply<Char>(
            false,
            error_at(in, pos, {MessageKind::SysUnExpect, Shown::QuotedChar, {}, c.code_point}));
    }
    const size_t next = pos + c.bytes.size();
    return ok_reply<Char>(true, next, ParseError{next, {}}, c);
}

Reply<Char> any_char(const Input& in, size_t pos);
// `char c`: labelled with its own `show`.
Reply<Char> char_(const Input& in, size_t pos, char c);
// `oneOf` / `noneOf` over ASCII characters: unlabelled, as in Parsec.
Reply<Char> one_of(const Input& in, size_t pos, std::string_view set);
Reply<Char> none_of(const Input& in, size_t pos, std::string_view set);
// Haskell's isAlpha (approximated outside ASCII) / isDigit (ASCII digits).
Reply<Char> letter(const Input& in, size_t pos);
Reply<Char> digit(const Input& in, size_t pos);
// `string s` (Parsec's `tokens`): fails at its start position, having consumed input when the
// first character matched.
Reply<Unit> string_(const Input& in, size_t pos, std::string_view literal);
// `eof` (`notFollowedBy anyToken <?> "end of input"`).
Reply<Unit> eof(const Input& in, size_t pos);
// `notFollowedBy p` for a character parser `p` that already ran at `pos`.
Reply<Unit> not_followed_by(const Input& in, Reply<Char> r, size_t pos);

bool is_alpha(char32_t c);

// Whether `c` is one of the ASCII characters of `set` (oneOf / noneOf).
inline bool in_set(char32_t c, std::string_view set) {
    return c < 0x80 && set.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace pg_resty::parsec
