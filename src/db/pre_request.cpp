#include "db/pre_request.hpp"

#include "db/statement_runner.hpp"
#include "query/pre_request_query.hpp"

namespace pg_resty {

void run_pre_request(PlanCache& plans, const Settings& settings, bool read_only) {
    if (std::optional<Statement> statement = pre_request_statement(settings.pre_request)) {
        (void)run_statement(plans, *statement, read_only);
    }
}

}  // namespace pg_resty
