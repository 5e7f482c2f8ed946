// Router: maps (method, path) to a route handler, and answers what no route takes: 404 for an
// unknown path, 405 with an Allow header for a known path asked with another method. Routes are
// added before the server starts; afterwards the table is only read, so threads share it freely.
// Lookups take the path as a view of the request target (no copy per request).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "mock/client_presence.hpp"
#include "mock/http_messages.hpp"

namespace slotrush::mock {

// Handles one request on the connection's executor. `client` tells whether the client is still
// connected (a handler that waits may ask it to watch). Must not throw: the server turns an escaped
// exception into a 500, but a route should answer its own errors.
using RouteHandler = std::function<boost::asio::awaitable<Response>(const Request&, ClientPresence& client)>;

class Router {
 public:
  void add(http::verb method, std::string path, RouteHandler handler);
  boost::asio::awaitable<Response> operator()(const Request& req, ClientPresence& client) const;

 private:
  struct Route {
    http::verb method;
    RouteHandler handler;
  };
  struct PathRoutes {
    std::vector<Route> routes;
    std::string allow;  // "GET, POST": the Allow header of a 405
  };
  struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, PathRoutes, PathHash, std::equal_to<>> routes_;
};

}  // namespace slotrush::mock
