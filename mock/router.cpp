#include "mock/router.hpp"

namespace slotrush::mock {

namespace {
boost::asio::awaitable<Response> ready(Response res) { co_return res; }
}  // namespace

void Router::add(http::verb method, std::string path, RouteHandler handler) {
  PathRoutes& path_routes = routes_[std::move(path)];
  path_routes.routes.push_back(Route{method, std::move(handler)});
  if (!path_routes.allow.empty()) path_routes.allow += ", ";
  path_routes.allow += std::string_view(http::to_string(method));
}

// Not a coroutine itself: a matched route's awaitable is handed back as it is (one frame fewer per
// request); `req` and `client` outlive it, since the session awaits it before touching either.
boost::asio::awaitable<Response> Router::operator()(const Request& req, ClientPresence& client) const {
  const auto found = routes_.find(target_path(req.target()));
  if (found == routes_.end())
    return ready(error_response(http::status::not_found, "not_found", "no such route", req.version()));
  for (const Route& route : found->second.routes)
    if (route.method == req.method()) return route.handler(req, client);
  const std::string& allow = found->second.allow;
  Response res = error_response(http::status::method_not_allowed, "method_not_allowed",
                                "this route accepts " + allow, req.version());
  res.set(http::field::allow, allow);
  return ready(std::move(res));
}

}  // namespace slotrush::mock
