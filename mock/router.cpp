#include "mock/router.hpp"

#include <string_view>

namespace slotrush::mock {

void Router::add(http::verb method, std::string path, RouteHandler handler) {
  routes_[std::move(path)].push_back(Route{method, std::move(handler)});
}

boost::asio::awaitable<Response> Router::operator()(const Request& req) const {
  const auto found = routes_.find(std::string(target_path(req.target())));
  if (found == routes_.end())
    co_return error_response(http::status::not_found, "not_found", "no such route", req.version());
  std::string allow;
  for (const Route& route : found->second) {
    if (route.method == req.method()) co_return co_await route.handler(req);
    if (!allow.empty()) allow += ", ";
    allow += std::string_view(http::to_string(route.method));
  }
  Response res = error_response(http::status::method_not_allowed, "method_not_allowed",
                                "this route accepts " + allow, req.version());
  res.set(http::field::allow, allow);
  co_return res;
}

}  // namespace slotrush::mock
