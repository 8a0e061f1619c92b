#include "api/plain_syntax.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "api/field_name.hpp"
#include "api/filter_parser.hpp"
#include "api/logic_parser.hpp"
#include "api/order_parser.hpp"
#include "api/select_parser.hpp"
#include "test_util.hpp"

namespace pg_resty {
namespace {

// --- the shortcuts themselves -------------------------------------------------------------------

TEST(PlainSyntax, Filters) {
    const auto f = plain_filter("not.gte.5");
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->negated);
    EXPECT_EQ(f->op, FilterOp::Gte);
    EXPECT_EQ(f->value, "5");
    EXPECT_EQ(plain_filter("eq.")->value, "");
    EXPECT_EQ(plain_filter("fts.a.b")->value, "a.b");
    // Everything else goes to the grammar.
    for (const char* value : {"in.(1)", "is.null", "eq(any).{1}", "fts(english).x", "not.not.eq.1",
                              "eq", "noop.1", "not.eq", "EQ.1"}) {
        EXPECT_FALSE(plain_filter(value)) << value;
    }
}

TEST(PlainSyntax, SelectAndOrder) {
    ASSERT_TRUE(plain_select("id,*,name_2"));
    EXPECT_EQ(plain_select("id,*,name_2")->size(), 3u);
    for (const char* text : {"", "a,", ",a", "a b", "a:b", "a::int", "a->b", "\"a\"", "a-b"}) {
        EXPECT_FALSE(plain_select(text)) << text;
    }
    const auto order = plain_order("a.desc.nullslast,b,c.nullsfirst,asc.asc");
    ASSERT_TRUE(order);
    ASSERT_EQ(order->size(), 4u);
    EXPECT_EQ((*order)[0].descending, std::optional<bool>(true));
    EXPECT_EQ((*order)[0].nulls, NullsOrder::Last);
    EXPECT_EQ((*order)[1].descending, std::nullopt);
    EXPECT_EQ((*order)[2].nulls, NullsOrder::First);
    EXPECT_EQ((*order)[3].column, "asc");
    for (const char* text : {"a.nullsfirst.asc", "a.up", "a..desc", "a.desc,", "a->b", " a"}) {
        EXPECT_FALSE(plain_order(text)) << text;
    }
}

// --- shortcuts against the grammar, on random input ----------------------------------------------

std::string describe(const JsonPath& path) {
    std::string out;
    for (const JsonStep& s : path) {
        out += (s.as_text ? "->>" : "->") + std::string(s.index ? "#" : "") + s.key;
    }
    return out;
}

std::string describe(const Filter& f) {
    std::ostringstream out;
    out << f.column << describe(f.json_path) << " neg=" << f.negated
        << " op=" << static_cast<int>(f.op) << " q=" << static_cast<int>(f.quantifier)
        << " lang=" << (f.language ? "[" + *f.language + "]" : "-") << " value=[" << f.value
        << "] is=" << static_cast<int>(f.is_value) << " list=";
    for (const std::string& item : f.list) {
        out << "[" << item << "]";
    }
    return out.str();
}

std::string describe(const LogicTree& t) {
    if (t.kind == LogicTree::Kind::Filter) {
        return "{" + describe(t.filter) + "}";
    }
    std::string out =
        std::string(t.negated ? "not." : "") + (t.kind == LogicTree::Kind::And ? "and(" : "or(");
    for (const LogicTree& child : t.children) {
        out += describe(child) + ",";
    }
    return out + ")";
}

std::string describe(const std::vector<SelectItem>& items) {
    std::string out;
    for (const SelectItem& i : items) {
        out += "[" + std::string(i.star ? "*" : "") + i.column + describe(i.json_path) + "|" +
               i.alias + "|" + i.cast + "]";
    }
    return out;
}

std::string describe(const std::vector<OrderTerm>& terms) {
    std::string out;
    for (const OrderTerm& t : terms) {
        out += "[" + t.column + describe(t.json_path) + "|" +
               (t.descending ? (*t.descending ? "desc" : "asc") : "-") + "|" +
               std::to_string(static_cast<int>(t.nulls)) + "]";
    }
    return out;
}

std::string describe(const TreePath& p) {
    std::string out;
    for (const std::string& e : p.embed) {
        out += e + ".";
    }
    return out + p.field.name + describe(p.field.json_path);
}

// The outcome of a parse: its result, or its error body.
template <typename F>
std::string outcome(F&& f) {
    try {
        return "ok " + describe(f());
    } catch (const ApiError& e) {
        return "error " + e.to_json();
    }
}

class RandomText {
  public:
    explicit RandomText(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

    std::string next(size_t max_tokens) {
        std::uniform_int_distribution<size_t> count(0, max_tokens);
        std::uniform_int_distribution<size_t> pick(0, tokens_.size() - 1);
        std::string out;
        for (size_t n = count(rng_); n > 0; --n) {
            out += tokens_[pick(rng_)];
        }
        return out;
    }

  private:
    std::vector<std::string> tokens_;
    std::mt19937 rng_{20261204};
};

constexpr int kRounds = 4000;

TEST(PlainSyntaxAgainstGrammar, Filters) {
    RandomText text({"not",   ".",    ".",       "eq",    "neq",      "gt",         "gte", "lt",
                     "lte",   "like", "ilike",   "match", "imatch",   "isdistinct", "cs",  "cd",
                     "ov",    "sl",   "sr",      "nxl",   "nxr",      "adj",        "fts", "plfts",
                     "phfts", "wfts", "in",      "is",    "null",     "not_null",   "(",   ")",
                     "any",   "all",  "english", ",",     "{",        "}",          "\"",  "\\",
                     "1",     "a",    " ",       "*",     "\xC3\xA9", "\t"});
    RandomText words({"eq", "neq", "gte", "lt", "like", "imatch", "isdistinct", "cs", "nxl", "adj",
                      "fts", "wfts", "in", "is", "not.eq", "not.cd", "not."});
    int plain = 0;
    for (int i = 0; i < kRounds; ++i) {
        // Half the values start with an operator and a dot, to exercise the shortcut.
        const std::string value = (i % 2 ? words.next(1) + "." : "") + text.next(7);
        plain += plain_filter(value).has_value();
        EXPECT_EQ(outcome([&] { return parse_filter({"c"}, value); }),
                  outcome([&] { return parse_filter_with_grammar({"c"}, value); }))
            << value;
    }
    EXPECT_GT(plain, kRounds / 20);  // the corpus does exercise the shortcut
}

TEST(PlainSyntaxAgainstGrammar, LogicTrees) {
    RandomText text({"a.eq.1",
                     "b.gt.x",
                     "not.",
                     "and(",
                     "or(",
                     "(",
                     ")",
                     ")",
                     ",",
                     ",",
                     "c.in.(1,2)",
                     "d.is.null",
                     "e.cs.{1,2}",
                     "f.fts(english).x y",
                     "\"q,)\"",
                     "g.eq(any).{1}",
                     "h->>k.like.*z",
                     "i.not.eq.",
                     " ",
                     "j.noop.1",
                     ".",
                     "k"});
    int parsed = 0;
    for (int i = 0; i < kRounds; ++i) {
        const std::string value = "(" + text.next(8);
        for (const char* key : {"or", "not.and"}) {
            const std::string fast = outcome([&] { return parse_logic_param(key, value).tree; });
            EXPECT_EQ(fast,
                      outcome([&] { return parse_logic_param_with_grammar(key, value).tree; }))
                << key << "=" << value;
            parsed += fast.rfind("ok", 0) == 0;
        }
    }
    EXPECT_GT(parsed, kRounds / 20);
}

TEST(PlainSyntaxAgainstGrammar, Select) {
    RandomText text({"a",   "b", "id", "*",      ",", ",",     "::", "int",   "x:", "->", "0",
                     "->>", "(", ")",  "!inner", " ", "\"q\"", "-",  "count", "$",  "_",  "1"});
    int plain = 0;
    for (int i = 0; i < kRounds; ++i) {
        const std::string value = text.next(6);
        plain += plain_select(value).has_value();
        EXPECT_EQ(outcome([&] { return parse_select(value); }),
                  outcome([&] { return parse_select_with_grammar(value); }))
            << value;
    }
    EXPECT_GT(plain, kRounds / 20);
}

TEST(PlainSyntaxAgainstGrammar, Order) {
    RandomText text({"a", "b", "id", ".", ".", "asc", "desc", "nullsfirst", "nullslast", ",", "->",
                     "x", " ", "(", ")", "_", "1", "-"});
    int plain = 0;
    for (int i = 0; i < kRounds; ++i) {
        const std::string value = text.next(7);
        plain += plain_order(value).has_value();
        EXPECT_EQ(outcome([&] { return parse_order(value); }),
                  outcome([&] { return parse_order_with_grammar(value); }))
            << value;
    }
    EXPECT_GT(plain, kRounds / 20);
}

TEST(PlainSyntaxAgainstGrammar, FilterKeys) {
    RandomText text({"a", "_", "1", ".", "->", "->>", "\"", "x y", "-", "0", ";", "$"});
    int plain = 0;
    for (int i = 0; i < kRounds; ++i) {
        const std::string value = text.next(5);
        plain += plain_field_name(value);
        EXPECT_EQ(outcome([&] { return parse_tree_path(value); }),
                  outcome([&] { return parse_tree_path_with_grammar(value); }))
            << value;
    }
    EXPECT_GT(plain, kRounds / 20);
}

}  // namespace
}  // namespace pg_resty
