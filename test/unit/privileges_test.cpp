#include "plan/privileges.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace pg_resty {
namespace {

TEST(Privileges, QueryAsksForTheCurrentRole) {
    const std::string query = kAccessibleObjectsQuery;
    EXPECT_NE(query.find("has_table_privilege"), std::string::npos);
    EXPECT_NE(query.find("has_any_column_privilege"), std::string::npos);
    EXPECT_NE(query.find("has_function_privilege"), std::string::npos);
    EXPECT_NE(query.find("NOT c.relispartition"), std::string::npos);
    EXPECT_NE(query.find("$1::text"), std::string::npos);
}

TEST(Privileges, RowsBecomeNamesAndOids) {
    const AccessibleObjects objects = accessible_objects_from_rows({
        Row{"relation", "items"},
        Row{"function", "16401"},
        Row{"relation", "request_info"},
    });
    EXPECT_EQ(objects.relations, (std::set<std::string>{"items", "request_info"}));
    EXPECT_EQ(objects.functions, (std::set<uint32_t>{16401}));
}

TEST(Privileges, MalformedRowsThrow) {
    EXPECT_THROW(accessible_objects_from_rows({Row{"relation"}}), std::runtime_error);
    EXPECT_THROW(accessible_objects_from_rows({Row{"relation", std::nullopt}}), std::runtime_error);
    EXPECT_THROW(accessible_objects_from_rows({Row{"function", "x"}}), std::runtime_error);
    EXPECT_THROW(accessible_objects_from_rows({Row{"sequence", "s"}}), std::runtime_error);
}

TEST(Privileges, IgnoringPrivilegesListsTheWholeSchema) {
    SchemaCache cache;
    for (const char* schema : {"api", "other"}) {
        Relation relation;
        relation.schema = schema;
        relation.name = "t";
        cache.add(relation);
        Function function;
        function.schema = schema;
        function.name = "f";
        function.oid = schema[0] == 'a' ? 11 : 22;
        cache.add_function(function);
    }
    const AccessibleObjects all = all_objects(cache, "api");
    EXPECT_EQ(all.relations, std::set<std::string>{"t"});
    EXPECT_EQ(all.functions, std::set<uint32_t>{11});
    EXPECT_TRUE(all_objects(cache, "none").relations.empty());
}

}  // namespace
}  // namespace pg_resty
