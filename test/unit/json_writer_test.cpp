#include "common/json_writer.hpp"

#include <gtest/gtest.h>

namespace pg_resty {
namespace {

TEST(JsonWriter, PlacesCommasAndColons) {
    JsonWriter w;
    w.begin_object();
    w.member("a", "x");
    w.key("b").begin_array().number(1).boolean(true).string("s").end_array();
    w.key("c").begin_object().end_object();
    w.member("d", false);
    w.key("e").raw("4.5");
    w.key("f").ref_object("#/x");
    w.end_object();
    EXPECT_EQ(w.text(),
              R"({"a":"x","b":[1,true,"s"],"c":{},"d":false,"e":4.5,"f":{"$ref":"#/x"}})");
}

TEST(JsonWriter, NestedContainersInArrays) {
    JsonWriter w;
    w.begin_array().begin_object().end_object().begin_array().end_array().number(-3).end_array();
    EXPECT_EQ(w.take(), "[{},[],-3]");
}

TEST(JsonWriter, EscapesKeysAndStrings) {
    JsonWriter w;
    w.begin_object().member("k\"ey", "line\nbreak").end_object();
    EXPECT_EQ(w.text(), R"({"k\"ey":"line\nbreak"})");
}

}  // namespace
}  // namespace pg_resty
