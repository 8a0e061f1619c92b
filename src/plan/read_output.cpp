#include "plan/read_output.hpp"

namespace pg_resty {

void plan_read_output(const ApiRequest& request, const Settings& settings, ReadPlan& plan) {
    const RowRange rows = restrict_to_max_rows(request.range, settings.max_rows);
    plan.limit = rows.limit();
    plan.offset = rows.offset();

    plan.output = negotiate_read_media(request.accept, request.head);

    plan.count = request.preferences.count;
    if (plan.count == PreferCount::Estimated && settings.max_rows >= 0) {
        // One row past db-max-rows tells that it was exceeded: the planner's estimate is then
        // used instead.
        plan.count_limit = settings.max_rows + 1;
    }

    check_strict_preferences(request.preferences, plan.timezone.has_value());
}

}  // namespace pg_resty
