#include "response/openapi.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "common/json_writer.hpp"
#include "common/text.hpp"
#include "response/openapi_types.hpp"

namespace pg_resty {

namespace {

// What info.version says: pg_resty's version (PostgREST puts its own there). Keep in step with
// control/pg_resty.control.
constexpr const char* kApiVersion = "0.1.0";
// The behaviour served is PostgREST 12's: point at its API reference.
constexpr const char* kDocsUrl = "https://postgrest.org/en/v12/references/api.html";
constexpr TypeOid kTriggerOid = 2279;

const char* const kDataMediaTypes[] = {
    "application/json",
    "application/vnd.pgrst.object+json;nulls=stripped",
    "application/vnd.pgrst.object+json",
    "text/csv",
};
const char* const kRpcMediaTypes[] = {
    "application/json",
    "application/vnd.pgrst.object+json;nulls=stripped",
    "application/vnd.pgrst.object+json",
};

template <size_t N>
void write_strings(JsonWriter& w, const char* const (&values)[N]) {
    w.begin_array();
    for (const char* value : values) {
        w.string(value);
    }
    w.end_array();
}

// PostgREST splits a comment into its first line and the rest, without the newlines that
// separate them, so that a blank line may sit between summary and description.
std::pair<std::string, std::string> split_comment(const std::string& comment) {
    const size_t newline = comment.find('\n');
    if (newline == std::string::npos) {
        return {comment, std::string()};
    }
    const size_t rest = comment.find_first_not_of('\n', newline);
    return {comment.substr(0, newline),
            rest == std::string::npos ? std::string() : comment.substr(rest)};
}

// Summary and description of an operation from its table's or function's comment.
void write_summary(JsonWriter& w, const std::optional<std::string>& comment) {
    if (!comment) {
        return;
    }
    const auto [summary, description] = split_comment(*comment);
    w.member("summary", summary);
    if (!description.empty()) {
        w.member("description", description);
    }
}

void write_ok_response(JsonWriter& w) {
    w.key("responses").begin_object();
    w.key("200").begin_object().member("description", "OK").end_object();
    w.end_object();
}

// "type" and, for arrays, "items" of a schema or parameter.
void write_type(JsonWriter& w, const std::string& pg_type) {
    if (const auto type = swagger_type(pg_type)) {
        w.member("type", *type);
    }
    if (is_array_type(pg_type)) {
        w.key("items").begin_object();
        if (const auto item = swagger_item_type(pg_type)) {
            w.member("type", *item);
        }
        w.end_object();
    }
}

// --- relations ---------------------------------------------------------------------------------

struct Exposed {
    const Relation* relation;
    const RelationDocs* docs;  // nullptr if the docs query did not see it

    bool writable() const {
        return docs != nullptr && (docs->insertable || docs->updatable || docs->deletable);
    }
    std::optional<std::string> description() const {
        return docs ? docs->description : std::nullopt;
    }
    const ColumnDocs* column_docs(const Column& column) const {
        if (docs == nullptr) {
            return nullptr;
        }
        auto it = docs->columns.find(column.name);
        return it == docs->columns.end() ? nullptr : &it->second;
    }
    std::string column_type(const Column& column) const {
        const ColumnDocs* column_doc = column_docs(column);
        return column_doc ? column_doc->type : column.type_name;
    }
    std::optional<std::string> column_description(const Column& column) const {
        const ColumnDocs* column_doc = column_docs(column);
        return column_doc ? column_doc->description : std::nullopt;
    }
};

bool is_view(const SchemaCache& cache, const RelationRef& ref) {
    const Relation* relation = cache.find(ref.schema, ref.name);
    return relation != nullptr && (relation->kind == RelationKind::View ||
                                   relation->kind == RelationKind::MaterializedView);
}

// PostgREST's note on a column that alone is a foreign key to a relation of the same schema;
// a table is named rather than a view over it when both qualify.
std::optional<std::string> foreign_key_note(const SchemaCache& cache, const Relation& relation,
                                            const Column& column) {
    std::vector<const Relationship*> candidates;
    for (const Relationship* r : cache.relationships_from(relation.schema, relation.name)) {
        const bool holds_key = r->cardinality == Cardinality::ManyToOne ||
                               (r->cardinality == Cardinality::OneToOne && !r->from_is_referenced);
        if (holds_key && r->to.schema == relation.schema && r->columns.size() == 1 &&
            r->columns[0].first == column.name) {
            candidates.push_back(r);
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](const Relationship* a, const Relationship* b) {
                         return !is_view(cache, a->to) && is_view(cache, b->to);
                     });
    if (candidates.empty()) {
        return std::nullopt;
    }
    const std::string& table = candidates.front()->to.name;
    const std::string& target = candidates.front()->columns[0].second;
    return "This is a Foreign Key to `" + table + "." + target + "`.<fk table='" + table +
           "' column='" + target + "'/>";
}

std::optional<std::string> property_description(const SchemaCache& cache, const Exposed& exposed,
                                                const Column& column) {
    std::vector<std::string> notes{"Note:"};
    if (column.primary_key) {
        notes.push_back("This is a Primary Key.<pk/>");
    }
    if (auto fk = foreign_key_note(cache, *exposed.relation, column)) {
        notes.push_back(std::move(*fk));
    }
    std::optional<std::string> comment = exposed.column_description(column);
    if (notes.size() == 1) {
        return comment;
    }
    std::string text = comment ? *comment + "\n\n" : std::string();
    for (size_t i = 0; i < notes.size(); ++i) {
        if (i > 0) {
            text.push_back('\n');
        }
        text.append(notes[i]);
    }
    return text;
}

void write_definition(JsonWriter& w, const SchemaCache& cache, const Exposed& exposed) {
    const Relation& relation = *exposed.relation;
    w.key(relation.name).begin_object();
    if (auto description = exposed.description()) {
        w.member("description", *description);
    }
    std::vector<const Column*> required;
    for (const Column& column : relation.columns) {
        if (!column.nullable) {
            required.push_back(&column);
        }
    }
    if (!required.empty()) {
        w.key("required").begin_array();
        for (const Column* column : required) {
            w.string(column->name);
        }
        w.end_array();
    }
    w.key("properties").begin_object();
    for (const Column& column : relation.columns) {
        const std::string type = exposed.column_type(column);
        const ColumnDocs* docs = exposed.column_docs(column);
        w.key(column.name).begin_object();
        if (docs && docs->default_expr) {
            if (auto value = swagger_default(type, *docs->default_expr)) {
                w.key("default").raw(*value);
            }
        }
        if (auto description = property_description(cache, exposed, column)) {
            w.member("description", *description);
        }
        if (docs && !docs->enum_values.empty()) {
            w.key("enum").begin_array();
            for (const std::string& label : docs->enum_values) {
                w.string(label);
            }
            w.end_array();
        }
        w.member("format", type);
        if (docs && docs->max_length) {
            w.key("maxLength").number(*docs->max_length);
        }
        write_type(w, type);
        w.end_object();
    }
    w.end_object();
    w.member("type", "object");
    w.end_object();
}

void write_refs(JsonWriter& w, const std::vector<std::string>& names) {
    w.key("parameters").begin_array();
    for (const std::string& name : names) {
        w.ref_object("#/parameters/" + name);
    }
    w.end_array();
}

void write_relation_path(JsonWriter& w, const Exposed& exposed) {
    const Relation& relation = *exposed.relation;
    const std::string& name = relation.name;
    std::vector<std::string> row_filters;
    for (const Column& column : relation.columns) {
        row_filters.push_back("rowFilter." + name + "." + column.name);
    }
    const auto operation = [&](const char* method, std::vector<std::string> parameters,
                               const char* status, const char* status_text, bool rows_schema) {
        w.key(method).begin_object();
        w.key("tags").begin_array().string(name).end_array();
        write_summary(w, exposed.description());
        write_refs(w, parameters);
        w.key("responses").begin_object();
        if (rows_schema) {
            w.key("200").begin_object().member("description", "OK");
            w.key("schema").begin_object();
            w.key("items").ref_object("#/definitions/" + name);
            w.member("type", "array");
            w.end_object();
            w.end_object();
        }
        w.key(status).begin_object().member("description", status_text).end_object();
        w.end_object();
        w.end_object();
    };
    const auto with_filters = [&](std::vector<std::string> tail) {
        std::vector<std::string> all = row_filters;
        all.insert(all.end(), tail.begin(), tail.end());
        return all;
    };

    w.key("/" + name).begin_object();
    operation(
        "get",
        with_filters({"select", "order", "range", "rangeUnit", "offset", "limit", "preferCount"}),
        "206", "Partial Content", true);
    if (exposed.writable()) {
        operation("post", {"body." + name, "select", "preferPost"}, "201", "Created", false);
        operation("patch", with_filters({"body." + name, "preferReturn"}), "204", "No Content",
                  false);
        operation("delete", with_filters({"preferReturn"}), "204", "No Content", false);
    }
    w.end_object();
}

// --- functions ---------------------------------------------------------------------------------

struct ProcParam {
    std::string name;
    std::string type;  // as PostgREST names it for calls
    bool required = false;
    bool variadic = false;
};

// PostgREST calls character and bit parameters as their varying types, which accept any length.
std::string call_type(const std::string& type) {
    if (type == "character" || type == "bit") {
        return type + " varying";
    }
    if (type == "character[]" || type == "bit[]") {
        return type.substr(0, type.size() - 2) + " varying[]";
    }
    return type;
}

std::vector<ProcParam> input_params(const Function& function) {
    std::vector<const FunctionParam*> inputs;
    for (const FunctionParam& param : function.params) {
        if (param.mode == 'i' || param.mode == 'b' || param.mode == 'v') {
            inputs.push_back(&param);
        }
    }
    const size_t required = inputs.size() > static_cast<size_t>(std::max(function.defaults, 0))
                                ? inputs.size() - static_cast<size_t>(function.defaults)
                                : 0;
    std::vector<ProcParam> params;
    for (size_t i = 0; i < inputs.size(); ++i) {
        params.push_back(ProcParam{inputs[i]->name, call_type(inputs[i]->type_name), i < required,
                                   inputs[i]->mode == 'v'});
    }
    return params;
}

// PostgREST exposes a function with named parameters, or with one unnamed parameter that takes
// the whole body; never a trigger function.
bool callable(const Function& function, const std::vector<ProcParam>& params) {
    if (function.return_type == kTriggerOid) {
        return false;
    }
    const bool unnamed =
        !params.empty() && std::all_of(params.begin(), params.end(),
                                       [](const ProcParam& p) { return p.name.empty(); });
    if (!unnamed) {
        return true;
    }
    static const char* const kBodyTypes[] = {"bytea", "json", "jsonb", "text", "xml"};
    return params.size() == 1 && std::any_of(std::begin(kBodyTypes), std::end(kBodyTypes),
                                             [&](const char* t) { return params[0].type == t; });
}

void write_get_param(JsonWriter& w, const ProcParam& param) {
    w.begin_object();
    w.member("name", param.name);
    w.member("required", param.required);
    w.member("in", "query");
    if (param.variadic) {
        // Repeated query parameters: ?v=1&v=2.
        w.member("type", swagger_type(param.type).value_or("string"));
        w.key("items").begin_object();
        const std::string element =
            is_array_type(param.type) ? param.type.substr(0, param.type.size() - 2) : param.type;
        w.member("format", element);
        if (const auto item = swagger_type(element)) {
            w.member("type", *item);
        }
        w.end_object();
        w.member("collectionFormat", "multi");
    } else {
        w.member("format", param.type);
        // Query parameters need a type; arrays are sent as {a,b} text.
        const auto type = swagger_type(param.type);
        w.member("type", !type || *type == "array" ? std::string_view("string") : *type);
    }
    w.end_object();
}

void write_args_schema(JsonWriter& w, const std::optional<std::string>& comment,
                       const std::vector<ProcParam>& params) {
    w.key("schema").begin_object();
    if (comment) {
        w.member("description", *comment);
    }
    std::vector<std::string> required;
    for (const ProcParam& param : params) {
        if (param.required) {
            required.push_back(param.name);
        }
    }
    if (!required.empty()) {
        w.key("required").begin_array();
        for (const std::string& name : required) {
            w.string(name);
        }
        w.end_array();
    }
    w.key("properties").begin_object();
    for (const ProcParam& param : params) {
        w.key(param.name).begin_object();
        w.member("format", param.type);
        write_type(w, param.type);
        w.end_object();
    }
    w.end_object();
    w.member("type", "object");
    w.end_object();
}

void write_function_path(JsonWriter& w, const Function& function,
                         const std::optional<std::string>& comment,
                         const std::vector<ProcParam>& params) {
    const std::string tag = "(rpc) " + function.name;
    const auto common = [&] {
        w.key("tags").begin_array().string(tag).end_array();
        write_summary(w, comment);
        w.key("produces");
        write_strings(w, kRpcMediaTypes);
    };
    w.key("/rpc/" + function.name).begin_object();
    // Volatile functions may write: PostgREST only lets POST call them.
    if (function.volatility != 'v') {
        w.key("get").begin_object();
        common();
        w.key("parameters").begin_array();
        for (const ProcParam& param : params) {
            write_get_param(w, param);
        }
        w.end_array();
        write_ok_response(w);
        w.end_object();
    }
    w.key("post").begin_object();
    common();
    w.key("parameters").begin_array();
    w.begin_object();
    w.member("name", "args");
    w.member("required", true);
    w.member("in", "body");
    write_args_schema(w, comment, params);
    w.end_object();
    w.ref_object("#/parameters/preferParams");
    w.end_array();
    write_ok_response(w);
    w.end_object();
    w.end_object();
}

// --- shared parameters -------------------------------------------------------------------------

void write_param(JsonWriter& w, const std::string& key, const std::string& name,
                 const std::optional<std::string>& description, const char* in,
                 std::vector<std::string> enum_values = {}, const char* default_value = nullptr) {
    w.key(key).begin_object();
    w.member("name", name);
    if (description) {
        w.member("description", *description);
    }
    w.member("required", false);
    w.member("in", in);
    w.member("type", "string");
    if (default_value) {
        w.member("default", default_value);
    }
    if (!enum_values.empty()) {
        w.key("enum").begin_array();
        for (const std::string& value : enum_values) {
            w.string(value);
        }
        w.end_array();
    }
    w.end_object();
}

void write_parameters(JsonWriter& w, const std::vector<Exposed>& relations) {
    const std::vector<std::string> returns{"return=representation", "return=minimal",
                                           "return=none"};
    std::vector<std::string> post = returns;
    post.push_back("resolution=ignore-duplicates");
    post.push_back("resolution=merge-duplicates");
    const std::string paging = "Limiting and Pagination";

    w.key("parameters").begin_object();
    write_param(w, "preferParams", "Prefer", "Preference", "header", {"params=single-object"});
    write_param(w, "preferReturn", "Prefer", "Preference", "header", returns);
    write_param(w, "preferCount", "Prefer", "Preference", "header", {"count=none"});
    write_param(w, "preferPost", "Prefer", "Preference", "header", post);
    write_param(w, "select", "select", "Filtering Columns", "query");
    write_param(w, "on_conflict", "on_conflict", "On Conflict", "query");
    write_param(w, "order", "order", "Ordering", "query");
    write_param(w, "range", "Range", paging, "header");
    write_param(w, "rangeUnit", "Range-Unit", paging, "header", {}, "items");
    write_param(w, "offset", "offset", paging, "query");
    write_param(w, "limit", "limit", paging, "query");
    for (const Exposed& exposed : relations) {
        const std::string& name = exposed.relation->name;
        w.key("body." + name).begin_object();
        w.member("name", name);
        w.member("description", name);
        w.member("required", false);
        w.member("in", "body");
        w.key("schema").ref_object("#/definitions/" + name);
        w.end_object();
        for (const Column& column : exposed.relation->columns) {
            write_param(w, "rowFilter." + name + "." + column.name, column.name,
                        exposed.column_description(column), "query");
        }
    }
    w.end_object();
}

// --- the document ------------------------------------------------------------------------------

void write_info(JsonWriter& w, const SchemaDocs& docs, const std::string& schema) {
    std::string title = "PostgREST API";
    std::string description = "This is a dynamic API generated by PostgREST";
    auto comment = docs.schema_descriptions.find(schema);
    if (comment != docs.schema_descriptions.end()) {
        std::tie(title, description) = split_comment(comment->second);
    }
    w.key("info").begin_object();
    w.member("description", description);
    w.member("title", title);
    w.member("version", kApiVersion);
    w.end_object();
}

void write_root_path(JsonWriter& w) {
    w.key("/").begin_object();
    w.key("get").begin_object();
    w.key("tags").begin_array().string("Introspection").end_array();
    w.member("summary", "OpenAPI description (this document)");
    w.key("produces").begin_array().string("application/openapi+json").string("application/json");
    w.end_array();
    write_ok_response(w);
    w.end_object();
    w.end_object();
}

}  // namespace

std::string openapi_host(const std::string& listen_addresses) {
    const std::vector<std::string> hosts = split_list(listen_addresses, ',');
    if (hosts.empty() || hosts.front() == "*") {
        return "0.0.0.0";
    }
    return hosts.front();
}

std::string openapi_document(const SchemaCache& cache, const std::string& schema,
                             const AccessibleObjects& access, const OpenApiServer& server) {
    const SchemaDocs& docs = cache.docs();
    std::vector<Exposed> relations;
    for (const std::string& name : access.relations) {
        if (const Relation* relation = cache.find(schema, name)) {
            relations.push_back(Exposed{relation, docs.relation(schema, name)});
        }
    }
    // One path per function name: of overloads, the one with the most parameters (the last in
    // PostgREST's order) describes it.
    std::map<std::string, std::pair<const Function*, std::vector<ProcParam>>> functions;
    for (const Function* function : cache.all_functions()) {
        if (function->schema != schema || access.functions.count(function->oid) == 0) {
            continue;
        }
        std::vector<ProcParam> params = input_params(*function);
        if (!callable(*function, params)) {
            continue;
        }
        auto& entry = functions[function->name];
        if (entry.first == nullptr || params.size() >= entry.second.size()) {
            entry = {function, std::move(params)};
        }
    }

    JsonWriter w;
    w.begin_object();
    w.member("swagger", "2.0");
    write_info(w, docs, schema);
    w.member("host", server.host + ":" + std::to_string(server.port));
    w.member("basePath", server.base_path);
    w.key("schemes").begin_array().string(server.scheme).end_array();
    w.key("consumes");
    write_strings(w, kDataMediaTypes);
    w.key("produces");
    write_strings(w, kDataMediaTypes);

    w.key("paths").begin_object();
    write_root_path(w);
    for (const Exposed& exposed : relations) {
        write_relation_path(w, exposed);
    }
    for (const auto& [name, entry] : functions) {
        auto comment = docs.function_descriptions.find(entry.first->oid);
        write_function_path(w, *entry.first,
                            comment == docs.function_descriptions.end()
                                ? std::nullopt
                                : std::optional<std::string>(comment->second),
                            entry.second);
    }
    w.end_object();

    w.key("definitions").begin_object();
    for (const Exposed& exposed : relations) {
        write_definition(w, cache, exposed);
    }
    w.end_object();

    write_parameters(w, relations);

    w.key("externalDocs").begin_object();
    w.member("description", "PostgREST Documentation");
    w.member("url", kDocsUrl);
    w.end_object();
    w.end_object();
    return w.take();
}

Response openapi_response(std::string document) {
    Response response;
    response.status = 200;
    response.add_header("Content-Type", kOpenApiContentType);
    response.body = std::move(document);
    return response;
}

}  // namespace pg_resty
