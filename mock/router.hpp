// Router: maps (method, path) to a route handler, and answers what no route takes: 404 for an
// unknown path, 405 with an Allow header for a known path asked with another method. Routes are
// added before the server starts; afterwards the table is only read, so threads share it freely.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "mock/http_messages.hpp"

namespace slotrush::mock {

// Handles one request on the connection's executor. Must not throw: the server turns an escaped
// exception into a 500, but a route should answer its own errors.
using RouteHandler = std::function<boost::asio::awaitable<Response>(const Request&)>;

class Router {
 public:
  void add(http::verb method, std::string path, RouteHandler handler);
  boost::asio::awaitable<Response> operator()(const Request& req) const;

 private:
  struct Route {
    http::verb method;
    RouteHandler handler;
  };
  std::unordered_map<std::string, std::vector<Route>> routes_;  // path -> methods
};

}  // namespace slotrush::mock
