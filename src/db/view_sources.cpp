#include "db/view_sources.hpp"

#include "db/pg_guard.hpp"

extern "C" {
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "nodes/parsenodes.h"
#include "parser/parse_relation.h"
#include "parser/parsetree.h"
#include "rewrite/rewriteHandler.h"
#include "utils/rel.h"
}

namespace pg_resty {

namespace {

// Views of views of views: enough for real schemas, and a bound for pathological ones.
constexpr int kMaxDepth = 16;

bool resolve_column(Query* query, AttrNumber attno, int depth, Oid* relid, AttrNumber* base);

// Follows a plain column reference down through subqueries, joins and views. Anything else
// (expressions, set operations, functions) has no single base column.
bool resolve_expr(Query* query, Node* expr, int depth, Oid* relid, AttrNumber* base) {
    if (depth > kMaxDepth || expr == nullptr || !IsA(expr, Var)) {
        return false;
    }
    Var* var = reinterpret_cast<Var*>(expr);
    if (var->varlevelsup != 0 || var->varattno <= 0 || var->varno < 1 ||
        var->varno > list_length(query->rtable)) {
        return false;
    }
    RangeTblEntry* rte = rt_fetch(var->varno, query->rtable);
    switch (rte->rtekind) {
        case RTE_RELATION:
            if (rte->relkind == RELKIND_VIEW) {
                ::Relation view = table_open(rte->relid, AccessShareLock);
                const bool found =
                    resolve_column(get_view_query(view), var->varattno, depth + 1, relid, base);
                table_close(view, AccessShareLock);
                return found;
            }
            *relid = rte->relid;
            *base = var->varattno;
            return true;
        case RTE_SUBQUERY:
            return resolve_column(rte->subquery, var->varattno, depth + 1, relid, base);
        case RTE_JOIN:
            if (var->varattno > list_length(rte->joinaliasvars)) {
                return false;
            }
            return resolve_expr(query,
                                static_cast<Node*>(list_nth(rte->joinaliasvars, var->varattno - 1)),
                                depth + 1, relid, base);
        default:
            return false;
    }
}

bool resolve_column(Query* query, AttrNumber attno, int depth, Oid* relid, AttrNumber* base) {
    if (query == nullptr || query->setOperations != nullptr) {
        return false;
    }
    TargetEntry* entry = get_tle_by_resno(query->targetList, attno);
    if (entry == nullptr || entry->resjunk) {
        return false;
    }
    return resolve_expr(query, reinterpret_cast<Node*>(entry->expr), depth, relid, base);
}

// Called between PostgreSQL calls, never across one: may allocate and throw freely.
struct Sink {
    std::vector<ColumnSource>* out;
    const Relation* view;
    bool failed = false;

    void add(const char* view_column, const char* schema, const char* table,
             const char* column) noexcept {
        try {
            out->push_back(ColumnSource{RelationRef{view->schema, view->name}, view_column,
                                        RelationRef{schema, table}, column});
        } catch (...) {
            failed = true;
        }
    }
};

}  // namespace

std::vector<ColumnSource> load_view_sources(const SchemaCache& cache) {
    std::vector<ColumnSource> sources;
    for (const Relation* relation : cache.relations()) {
        if (relation->kind != RelationKind::View) {
            continue;
        }
        Sink sink{&sources, relation};
        const char* schema_name = relation->schema.c_str();
        const char* view_name = relation->name.c_str();
        pg_call([&] {
            const Oid namespace_oid = get_namespace_oid(schema_name, true);
            const Oid view_oid = get_relname_relid(view_name, namespace_oid);
            if (!OidIsValid(view_oid)) {
                return;  // dropped since the relations were read
            }
            ::Relation view = table_open(view_oid, AccessShareLock);
            Query* query = get_view_query(view);
            ListCell* cell;
            foreach (cell, query->targetList) {
                TargetEntry* entry = static_cast<TargetEntry*>(lfirst(cell));
                Oid relid = InvalidOid;
                AttrNumber base = InvalidAttrNumber;
                if (entry->resjunk || entry->resname == nullptr ||
                    !resolve_expr(query, reinterpret_cast<Node*>(entry->expr), 0, &relid, &base)) {
                    continue;
                }
                const char* table_schema = get_namespace_name(get_rel_namespace(relid));
                const char* table_name = get_rel_name(relid);
                const char* column = get_attname(relid, base, true);
                if (table_schema && table_name && column) {
                    sink.add(entry->resname, table_schema, table_name, column);
                }
            }
            table_close(view, AccessShareLock);
        });
        if (sink.failed) {
            throw std::bad_alloc();
        }
    }
    return sources;
}

}  // namespace pg_resty
