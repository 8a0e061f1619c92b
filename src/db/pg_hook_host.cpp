#include "db/pg_hook_host.hpp"

#include <stdexcept>

#include "db/pg_headers.hpp"

extern "C" {
#include "parser/parse_param.h"
}

#include "db/pg_guard.hpp"
#include "db/transaction.hpp"
#include "query/sql_text.hpp"

namespace pg_resty {

namespace {

// Parameter types the parser infers from the statement ("$1 = id" makes $1 an int), as psql
// and PostgREST clients get them; undetermined ones end up text.
struct VariableParams {
    Oid* types;
    int count;
};

void setup_variable_params(ParseState* state, void* arg) {
    auto* params = static_cast<VariableParams*>(arg);
    setup_parse_variable_parameters(state, &params->types, &params->count);
}

HookQueryResult::Kind kind_of(Oid type) {
    switch (type) {
        case INT2OID:
        case INT4OID:
        case INT8OID:
        case FLOAT4OID:
        case FLOAT8OID:
        case NUMERICOID:
        case OIDOID:
            return HookQueryResult::Kind::kNumber;
        case BOOLOID:
            return HookQueryResult::Kind::kBoolean;
        default:
            return HookQueryResult::Kind::kString;
    }
}

std::string search_path_for(const Settings& settings) {
    std::string path;
    if (!settings.schemas.empty()) {
        path = quote_ident(settings.schemas.front());
    }
    for (const std::string& schema : settings.extra_search_path) {
        path += (path.empty() ? "" : ", ") + quote_ident(schema);
    }
    return path;
}

}  // namespace

void PgHookHost::log(HookLogLevel level, const std::string& text) noexcept {
    int elevel = LOG;
    switch (level) {
        case HookLogLevel::kError:
        case HookLogLevel::kWarning:
            elevel = WARNING;  // never ERROR: a hook's log line must not abort anything
            break;
        case HookLogLevel::kInfo:
            elevel = LOG;
            break;
        case HookLogLevel::kDebug:
            elevel = DEBUG1;
            break;
    }
    try {
        const char* message = text.c_str();
        pg_call([&] { ereport(elevel, (errmsg_internal("pg_resty hook: %s", message))); });
    } catch (...) {
        // The log line is lost; the request goes on.
    }
}

HookQueryResult PgHookHost::query(const std::string& sql,
                                  const std::vector<std::optional<std::string>>& params) {
    if (settings_.anon_role.empty()) {
        throw std::runtime_error("pg_resty.query needs pg_resty.anon_role (it runs as that role)");
    }
    const std::string search_path = search_path_for(settings_);
    const char* role = settings_.anon_role.c_str();
    const char* path = search_path.c_str();
    const char* text = sql.c_str();
    const int count = static_cast<int>(params.size());
    const std::optional<std::string>* values = params.data();
    HookQueryResult result;
    Transaction transaction("pg_resty hook query", /*read_only=*/false);
    pg_call([&] {
        (void)set_config_option("role", role, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0,
                                false);
        (void)set_config_option("search_path", path, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_LOCAL,
                                true, 0, false);
        VariableParams variable{static_cast<Oid*>(palloc0(sizeof(Oid) * (count + 1))), count};
        SPIPrepareOptions options{};
        options.parserSetup = setup_variable_params;
        options.parserSetupArg = &variable;
        options.parseMode = RAW_PARSE_DEFAULT;
        options.cursorOptions = 0;
        SPIPlanPtr plan = SPI_prepare_extended(text, &options);
        if (plan == nullptr) {
            elog(ERROR, "pg_resty: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
        }
        // The parser filled `variable` with the types it inferred for $1..$n.
        if (variable.count != count) {
            ereport(ERROR,
                    (errcode(ERRCODE_UNDEFINED_PARAMETER),
                     errmsg("the statement uses %d parameters, %d given", variable.count, count)));
        }
        ParamListInfo param_list = makeParamList(count);
        for (int i = 0; i < count; ++i) {
            ParamExternData* param = &param_list->params[i];
            Oid type = variable.types[i];
            if (type == InvalidOid || type == UNKNOWNOID) {
                type = TEXTOID;
            }
            param->ptype = type;
            param->pflags = PARAM_FLAG_CONST;
            param->isnull = !values[i].has_value();
            param->value = (Datum)0;
            if (values[i]) {
                Oid input = InvalidOid;
                Oid io_param = InvalidOid;
                getTypeInputInfo(type, &input, &io_param);
                char* value = pnstrdup(values[i]->data(), values[i]->size());
                pg_verifymbstr(value, static_cast<int>(values[i]->size()), false);
                param->value = OidInputFunctionCall(input, value, io_param, -1);
            }
        }
        SPIExecuteOptions execute{};
        execute.params = param_list;
        execute.read_only = false;
        execute.allow_nonatomic = false;
        execute.must_return_tuples = false;
        execute.tcount = 0;
        execute.dest = nullptr;
        execute.owner = nullptr;
        const int rc = SPI_execute_plan_extended(plan, &execute);
        if (rc < 0) {
            elog(ERROR, "pg_resty: SPI_execute_plan failed: %s", SPI_result_code_string(rc));
        }
        SPITupleTable* table = SPI_tuptable;
        if (table == nullptr) {
            return;
        }
        const int columns = table->tupdesc->natts;
        for (int c = 1; c <= columns; ++c) {
            result.columns.emplace_back(SPI_fname(table->tupdesc, c));
            result.kinds.push_back(kind_of(SPI_gettypeid(table->tupdesc, c)));
        }
        for (uint64 r = 0; r < SPI_processed; ++r) {
            result.rows.emplace_back();
            for (int c = 1; c <= columns; ++c) {
                char* out = SPI_getvalue(table->vals[r], table->tupdesc, c);
                if (out == nullptr) {
                    result.rows.back().emplace_back();
                } else {
                    result.rows.back().emplace_back(std::in_place, out);
                }
            }
        }
    });
    transaction.commit();
    return result;
}

std::string PgHookHost::shipped_lua_dir() const {
    char share[MAXPGPATH];
    get_share_path(my_exec_path, share);
    return std::string(share) + "/pg_resty/lua";
}

}  // namespace pg_resty
