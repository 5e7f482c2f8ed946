// The booking path's answers are written as text (JsonMembers), not built as JSON trees: they must
// read back as the trees they replaced did, members in the same order, numbers exact.
#include <cmath>
#include <limits>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/json_members.hpp"

using namespace slotrush::mock;
using nlohmann::json;

TEST_CASE("JsonMembers writes what a JSON tree's dump() writes", "[mock][messages]") {
  const std::string name = "San \"Ysidro\" \\ caf\xC3\xA9";
  const std::string text = JsonMembers()
                               .string("token", "7.abc")
                               .number("registrant", std::uint64_t{18446744073709551615u})
                               .number("day", -3)
                               .real("deadline_s", 3600.0)
                               .real("now_s", 0.1)
                               .boolean("queued", true)
                               .string("port", name)
                               .raw("cells", "[]")
                               .text();
  const json tree{{"token", "7.abc"}, {"registrant", std::uint64_t{18446744073709551615u}}, {"day", -3},
                  {"deadline_s", 3600.0}, {"now_s", 0.1}, {"queued", true}, {"port", name},
                  {"cells", json::array()}};
  CHECK(text == tree.dump());
  CHECK(json::parse(text) == tree);
}

TEST_CASE("JsonMembers writes doubles that read back exactly, and no NaN", "[mock][messages]") {
  for (const double v : {0.0, -0.0, 1.0, 1.5, 1e-7, 123456789.125, 1e300, 86399.999999999})
    CHECK(json::parse(JsonMembers().real("v", v).text())["v"].get<double>() == v);
  CHECK(JsonMembers().real("v", 42.0).text() == R"({"v":42.0})");
  CHECK(JsonMembers().real("v", std::nan("")).text() == R"({"v":null})");
  CHECK(JsonMembers().real("v", std::numeric_limits<double>::infinity()).text() == R"({"v":null})");
  CHECK(JsonMembers().text() == "{}");
}
