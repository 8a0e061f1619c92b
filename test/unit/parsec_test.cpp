#include "api/parsec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pg_resty::parsec {
namespace {

Message expect(std::string_view text) {
    return Message{MessageKind::Expect, Shown::Verbatim, text, 0};
}

Message sys_char(char32_t c) {
    return Message{MessageKind::SysUnExpect, Shown::QuotedChar, {}, c};
}

// --- error merging (Parsec's mergeError) --------------------------------------------------------

TEST(ParsecMerge, FurtherPositionWins) {
    const ParseError a{3, {expect("a")}};
    const ParseError b{5, {expect("b")}};
    EXPECT_EQ(merge(a, b).pos, 5u);
    EXPECT_EQ(render_details(merge(a, b)), "expecting b");
    EXPECT_EQ(render_details(merge(b, a)), "expecting b");
}

TEST(ParsecMerge, EqualPositionsPoolMessagesInOrder) {
    const ParseError merged = merge(ParseError{2, {expect("a")}}, ParseError{2, {expect("b")}});
    EXPECT_EQ(render_details(merged), "expecting a or b");
}

TEST(ParsecMerge, AMeaningfulErrorWinsOverAnUnknownOneWhereverItIs) {
    const ParseError known{1, {expect("a")}};
    const ParseError unknown{9, {}};
    EXPECT_EQ(merge(known, unknown).pos, 1u);
    EXPECT_EQ(merge(unknown, known).pos, 1u);
    EXPECT_EQ(render_details(ParseError{0, {}}), "unknown parse error");
}

// --- rendering (Parsec's showErrorMessages, one line) -------------------------------------------

TEST(ParsecRender, OnlyTheFirstSystemUnexpectedIsShown) {
    const ParseError e{0, {sys_char('x'), expect("a"), sys_char('y'), expect("b"), expect("c")}};
    EXPECT_EQ(render_details(e), "unexpected \"x\" expecting a, b or c");
}

TEST(ParsecRender, EndOfInputAndDuplicates) {
    const ParseError e{0, {Message{MessageKind::SysUnExpect}, expect("a"), expect("a")}};
    EXPECT_EQ(render_details(e), "unexpected end of input expecting a");
}

TEST(ParsecRender, AnUnexpectedMessageHidesTheSystemOnes) {
    const ParseError e{0,
                       {sys_char('x'), Message{MessageKind::UnExpect, Shown::CharLiteral, {}, 'x'},
                        expect("end of input")}};
    EXPECT_EQ(render_details(e), "unexpected 'x' expecting end of input");
}

TEST(ParsecRender, QuotedTextIsShownLikeHaskell) {
    const ParseError e{0,
                       {sys_char('a'), Message{MessageKind::Expect, Shown::QuotedText, "neq", 0},
                        Message{MessageKind::Expect, Shown::QuotedChar, {}, '"'}}};
    EXPECT_EQ(render_details(e), "unexpected \"a\" expecting \"neq\" or \"\\\"\"");
}

TEST(ParsecShow, CharactersLikeHaskellsShow) {
    EXPECT_EQ(show_char('a', '"'), "\"a\"");
    EXPECT_EQ(show_char('"', '"'), "\"\\\"\"");
    EXPECT_EQ(show_char('\'', '"'), "\"'\"");
    EXPECT_EQ(show_char('\'', '\''), "'\\''");
    EXPECT_EQ(show_char('"', '\''), "'\"'");
    EXPECT_EQ(show_char('\\', '"'), "\"\\\\\"");
    EXPECT_EQ(show_char('\n', '"'), "\"\\n\"");
    EXPECT_EQ(show_char('\t', '\''), "'\\t'");
    EXPECT_EQ(show_char(0, '"'), "\"\\NUL\"");
    EXPECT_EQ(show_char(0x1B, '"'), "\"\\ESC\"");
    EXPECT_EQ(show_char(0x7F, '"'), "\"\\DEL\"");
    // Beyond ASCII, Haskell prints the decimal code point.
    EXPECT_EQ(show_char(0xE9, '"'), "\"\\233\"");
    EXPECT_EQ(show_char(0x1F600, '\''), "'\\128512'");
}

TEST(ParsecPosition, LinesColumnsAndTabs) {
    size_t line = 0;
    size_t column = 0;
    render_position("abc", 2, line, column);
    EXPECT_EQ(line, 1u);
    EXPECT_EQ(column, 3u);
    render_position("a\nbc", 3, line, column);
    EXPECT_EQ(line, 2u);
    EXPECT_EQ(column, 2u);
    render_position("\tx", 1, line, column);
    EXPECT_EQ(column, 9u);
    render_position("ab\tx", 3, line, column);
    EXPECT_EQ(column, 9u);
    // Characters, not bytes.
    render_position("\xC3\xA9x", 2, line, column);
    EXPECT_EQ(column, 2u);
}

// --- primitives and combinators -----------------------------------------------------------------

TEST(ParsecPrimitives, DecodeIsLenientWithInvalidUtf8) {
    const Input in("\xC3\xA9\xFF\xE2\x82");
    EXPECT_EQ(in.decode(0).code_point, 0xE9u);
    EXPECT_EQ(in.decode(0).bytes.size(), 2u);
    EXPECT_EQ(in.decode(2).code_point, 0xFFFDu);
    EXPECT_EQ(in.decode(2).bytes.size(), 1u);
    EXPECT_EQ(in.decode(3).code_point, 0xFFFDu);  // truncated sequence
    EXPECT_EQ(in.decode(3).bytes.size(), 1u);
}

TEST(ParsecPrimitives, StringFailsAtItsStartAndConsumesWhenItsFirstCharacterMatched) {
    const Input in("nob");
    const Reply<Unit> partial = string_(in, 0, "not");
    EXPECT_FALSE(partial.ok);
    EXPECT_TRUE(partial.consumed);
    EXPECT_EQ(partial.error.pos, 0u);
    EXPECT_EQ(render_details(partial.error), "unexpected \"b\" expecting \"not\"");
    const Reply<Unit> none = string_(in, 0, "in");
    EXPECT_FALSE(none.consumed);
    EXPECT_TRUE(attempt(partial).ok == false && !attempt(partial).consumed);
}

TEST(ParsecPrimitives, EofAndNotFollowedBy) {
    const Input in("ab");
    EXPECT_FALSE(eof(in, 0).ok);
    EXPECT_EQ(render_details(eof(in, 0).error), "unexpected 'a' expecting end of input");
    EXPECT_TRUE(eof(in, 2).ok);
    // notFollowedBy fails after the character it saw.
    const Reply<Unit> r = not_followed_by(in, char_(in, 0, 'a'), 0);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error.pos, 1u);
    EXPECT_EQ(render_details(r.error), "unexpected 'a'");
    EXPECT_TRUE(not_followed_by(in, char_(in, 0, 'b'), 0).ok);
}

TEST(ParsecCombinators, LabelOnlyRelabelsEmptyReplies) {
    const Input in("xy");
    EXPECT_EQ(render_details(label(char_(in, 0, 'a'), "thing").error),
              "unexpected \"x\" expecting thing");
    Input in2("ay");
    Seq s(0);
    s.step(char_(in2, 0, 'a'));
    s.step(char_(in2, 1, 'b'));
    const Reply<Unit> consumed = label(s.failure<Unit>(), "thing");
    EXPECT_EQ(render_details(consumed.error), "unexpected \"y\" expecting \"b\"");
}

TEST(ParsecCombinators, ChoiceStopsAtAConsumingFailure) {
    Input in("ax");
    Choice<Unit> choice;
    Seq s(0);
    s.step(char_(in, 0, 'a'));
    s.step(char_(in, 1, 'b'));
    Reply<Unit> first = s.failure<Unit>();
    EXPECT_TRUE(choice.decided(first));
    EXPECT_FALSE(first.ok);
}

TEST(ParsecCombinators, ChoicePoolsTheErrorsOfEmptyFailures) {
    Input in("z");
    Choice<Char> choice;
    auto a = char_(in, 0, 'a');
    EXPECT_FALSE(choice.decided(a));
    auto b = char_(in, 0, 'b');
    EXPECT_FALSE(choice.decided(b));
    EXPECT_EQ(render_details(choice.failure(0).error), "unexpected \"z\" expecting \"a\" or \"b\"");
}

TEST(ParsecCombinators, ManyKeepsTheErrorOfItsLastAttempt) {
    Input in("aab");
    std::string seen;
    const Reply<Unit> r = many(
        in, 0, [](Input& i, size_t p) { return char_(i, p, 'a'); },
        [&](Char c) { seen.append(c.bytes); });
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.consumed);
    EXPECT_EQ(r.pos, 2u);
    EXPECT_EQ(seen, "aa");
    EXPECT_EQ(r.error.pos, 2u);
    EXPECT_EQ(render_details(r.error), "unexpected \"b\" expecting \"a\"");
}

TEST(ParsecRun, MutedParsesCarryNoMessagesAndAFailureIsRunAgain) {
    int runs = 0;
    Input in("b");
    const Reply<Char> r = run(in, [&](Input& i, size_t p) {
        ++runs;
        if (runs == 1) {
            EXPECT_FALSE(i.record_errors);
        }
        return char_(i, p, 'a');
    });
    EXPECT_EQ(runs, 2);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(render_details(r.error), "unexpected \"b\" expecting \"a\"");

    int ok_runs = 0;
    Input ok("a");
    EXPECT_TRUE(run(ok, [&](Input& i, size_t p) {
                    ++ok_runs;
                    return char_(i, p, 'a');
                }).ok);
    EXPECT_EQ(ok_runs, 1);
}

TEST(ParsecAlpha, ApproximatesHaskellsIsAlpha) {
    EXPECT_TRUE(is_alpha('a'));
    EXPECT_TRUE(is_alpha(0xE9));    // é
    EXPECT_TRUE(is_alpha(0x4E2D));  // 中
    EXPECT_FALSE(is_alpha('1'));
    EXPECT_FALSE(is_alpha(0xA0));     // no-break space
    EXPECT_FALSE(is_alpha(0x2013));   // en dash
    EXPECT_FALSE(is_alpha(0x1F600));  // emoji
    EXPECT_FALSE(is_alpha(0xFFFD));
}

}  // namespace
}  // namespace pg_resty::parsec
