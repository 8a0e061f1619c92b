-- Hooks that do nothing: bench/hook_cost.sh measures what having hooks at all costs.
return {
  on_rest_request = function() end,
  before_rest_response = function() end,
}
