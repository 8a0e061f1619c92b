#include "db/statement_runner.hpp"

#include "db/pg_guard.hpp"
#include "db/plan_cache.hpp"
#include "query/read_tail.hpp"

namespace pg_resty {

namespace {

// Converts the parameters inside the transaction: Datums live in its memory.
void convert_params(const Statement& statement, std::vector<Datum>& values) {
    const size_t count = statement.params.size();
    const SqlParam* params = statement.params.data();
    Datum* out = values.data();
    pg_call([&] {
        for (size_t i = 0; i < count; ++i) {
            const char* text = params[i].value.data();
            const int length = static_cast<int>(params[i].value.size());
            // Rejects NUL bytes and invalid UTF-8 the way the server rejects them from a client.
            pg_verifymbstr(text, length, false);
            Oid input_function = InvalidOid;
            Oid io_param = InvalidOid;
            getTypeInputInfo(params[i].type, &input_function, &io_param);
            out[i] = OidInputFunctionCall(input_function, pnstrdup(text, length), io_param, -1);
        }
    });
}

void check_param_sizes(const Statement& statement) {
    for (const SqlParam& param : statement.params) {
        if (param.value.size() > static_cast<size_t>(MaxAllocSize - 1)) {
            throw PgError("54000", "a query parameter is too large");
        }
    }
}

// Must run inside pg_call.
void execute_plan(SPIPlanPtr plan, Datum* args, bool read_only) {
    const int rc = SPI_execute_plan(plan, args, nullptr, read_only, 0);
    if (rc < 0) {
        elog(ERROR, "pg_resty: SPI_execute_plan failed: %s", SPI_result_code_string(rc));
    }
}

// The cached plan and the converted parameters of one execution.
struct Execution {
    SPIPlanPtr plan = nullptr;
    std::vector<Datum> values;
};

Execution prepare_execution(PlanCache& plans, const Statement& statement) {
    check_param_sizes(statement);
    Execution execution;
    execution.plan = plans.get(statement);
    execution.values.resize(statement.params.size());
    convert_params(statement, execution.values);
    return execution;
}

}  // namespace

long long run_json_rows(PlanCache& plans, const Statement& statement, bool read_only,
                        std::string& body) {
    Execution execution = prepare_execution(plans, statement);
    SPIPlanPtr plan = execution.plan;
    Datum* args = execution.values.data();
    long long count = 0;
    body.clear();
    pg_call([&] {
        execute_plan(plan, args, read_only);
        SPITupleTable* table = SPI_tuptable;
        if (table == nullptr || table->tupdesc->natts != 1 ||
            SPI_gettypeid(table->tupdesc, 1) != TEXTOID) {
            elog(ERROR, "pg_resty: a JSON rows read returned an unexpected shape");
        }
        count = static_cast<long long>(SPI_processed);
        for (uint64 r = 0; r < SPI_processed; ++r) {
            bool is_null = false;
            Datum value = SPI_getbinval(table->vals[r], table->tupdesc, 1, &is_null);
            if (is_null) {
                append_json_agg_element(body, "null");
            } else {
                text* t = DatumGetTextPP(value);
                append_json_agg_element(body,
                                        std::string_view(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
            }
        }
        SPI_freetuptable(table);
    });
    finish_json_agg(body);
    return count;
}

long long run_counted(PlanCache& plans, const Statement& statement, bool read_only) {
    Execution execution = prepare_execution(plans, statement);
    SPIPlanPtr plan = execution.plan;
    Datum* args = execution.values.data();
    long long count = 0;
    pg_call([&] {
        execute_plan(plan, args, read_only);
        count = static_cast<long long>(SPI_processed);
        if (SPI_tuptable != nullptr) {
            SPI_freetuptable(SPI_tuptable);
        }
    });
    return count;
}

Rows run_statement(PlanCache& plans, const Statement& statement, bool read_only) {
    Execution execution = prepare_execution(plans, statement);
    SPIPlanPtr plan = execution.plan;
    Datum* args = execution.values.data();
    Rows rows;
    pg_call([&] {
        execute_plan(plan, args, read_only);
        SPITupleTable* table = SPI_tuptable;
        if (table == nullptr) {
            return;
        }
        const int columns = table->tupdesc->natts;
        rows.reserve(SPI_processed);
        for (uint64 r = 0; r < SPI_processed; ++r) {
            rows.emplace_back();
            Row& row = rows.back();
            row.reserve(columns);
            for (int c = 1; c <= columns; ++c) {
                bool is_null = false;
                Datum value = SPI_getbinval(table->vals[r], table->tupdesc, c, &is_null);
                if (is_null) {
                    row.emplace_back();
                } else if (SPI_gettypeid(table->tupdesc, c) == TEXTOID) {
                    // Text is copied straight from its varlena: bodies can be megabytes.
                    text* t = DatumGetTextPP(value);
                    row.emplace_back(std::in_place, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
                } else {
                    char* out = SPI_getvalue(table->vals[r], table->tupdesc, c);
                    row.emplace_back(std::in_place, out);
                    pfree(out);
                }
            }
        }
        SPI_freetuptable(table);
    });
    return rows;
}

}  // namespace pg_resty
