#include "query/statement.hpp"

namespace pg_resty {

std::string Statement::bind(TypeOid type, std::string value) {
    params.push_back(SqlParam{type, std::move(value)});
    return "$" + std::to_string(params.size());
}

}  // namespace pg_resty
