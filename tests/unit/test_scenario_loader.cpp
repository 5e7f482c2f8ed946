#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"

using namespace slotrush;
namespace fs = std::filesystem;

namespace {

// A fresh folder per test under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() / ("slotrush-scenario-test-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  fs::path path_;
};

std::string all_text(const std::vector<ScenarioIssue>& issues) {
  std::string text;
  for (const ScenarioIssue& i : issues) text += format_issue(i) + "\n";
  return text;
}

// The one issue the file has; fails the test when there is not exactly one.
ScenarioIssue only_issue(const fs::path& file) {
  const std::vector<ScenarioIssue> issues = validate_scenario_file(file);
  INFO(all_text(issues));
  REQUIRE(issues.size() == 1);
  return issues.front();
}

void check_place(const ScenarioIssue& issue, const fs::path& file, int line, int column,
                 const std::string& field) {
  INFO(format_issue(issue));
  CHECK(issue.file == file.string());
  CHECK(issue.line == line);
  CHECK(issue.column == column);
  CHECK(issue.field_path == field);
}

template <typename Law>
const Law& law_of(const Distribution& d) {
  REQUIRE(std::holds_alternative<Law>(d.law()));
  return std::get<Law>(d.law());
}

const std::string kFullScenario = R"(name: full
description: every field set away from its default
seed: 42
calendar:
  reference_tz: America/Chicago
  utc_offset: "-06:00"
  start_date: "2023-05-12"
  days: 3
supply:
  daily_slots: 1000
  booking_horizon_days: 13
  slot_unit: party
  ports:
    - {name: San Ysidro, share: 0.4}
    - {name: El Paso, share: 0.6}
allocation:
  strategy: weighted_lottery
  race: {release_time: "11:00"}
  lottery:
    window_open: "12:00"
    window_close: "23:59:30"
    draw_time: "11:00"
    senior_reserve_fraction: 0.25
    weight_per_day_waited: 0.1
    entries_per_identity: 2
    duplicate_detection: true
  confirmation: {required: false, success_probability: 0.9, deadline: 12h}
waiting_room:
  enabled: true
  opens_before: 15m
  shuffle_at_open: false
  order_after_open: random
  new_users_per_minute: 250.5
  total_active_users: 3000
  session_duration: 10m
  poll_interval: 1m
population:
  initial_backlog: 62000
  new_per_day: 1500
  arrival:
    offset_seconds: {normal: {mean: -5s, stddev: 30s}}
    earliest: 1m
  party_sizes: {1: 0.5, 4: 0.5}
  devices_per_person: {1: 0.9, 2: 0.1}
  device_classes:
    - {name: fast, share: 0.25, rtt: 50ms, loss: 0.01}
    - {name: slow, share: 0.75, rtt: 1.5s}
  daily_return_probability: 0.9
  give_up_after: 20m
  leave_after_days: 30
  liveness_fail_probability: 0.15
  geo_false_reject_probability: 0.03
  adversaries:
    speed_bots: {operators: 5, devices_per_operator: 20, retry_interval: 100ms, slots_per_operator: 7}
    sybils: {actors: 10, registrations_per_actor: 466}
  background:
    rate_per_second: 80
    request: login
    start: 1h
    end: 2h
    spikes: [{at: 90m, duration: 60s, multiplier: 2}]
client:
  timeout: 30s
  think_seconds: {lognormal: {median: 300ms, p99: 3s}}
  retry:
    kind: exponential
    max_attempts: 3
    base: 200ms
    cap: 10s
    jitter: decorrelated
    budget_ratio: 0.1
    throttle_k: 2
    throttle_window: 60s
server:
  tiers:
    - {name: api, workers: 40, discipline: lifo, queue_limit: 5000, server_timeout: 10s, drop_abandoned: true}
    - {name: media, workers: 8, queue_limit: unbounded}
  requests:
    liveness: {tier: media, service_seconds: {uniform: {low: 1s, high: 3s}}}
    book: {service_seconds: {deterministic: 250ms}}
    confirm: {service_seconds: {empirical: {values: [100ms, 1s], weights: [3, 1]}}}
  capacity_events: [{at: 9h, duration: 5m, workers_factor: 0.7}]
output:
  series_interval: 1m
)";

// One error kind per row: the file, where the one issue must point, and words its message must hold.
struct ErrorCase {
  const char* kind;
  const char* yaml;
  int line, column;
  const char* field;
  const char* says;
};

const ErrorCase kErrorCases[] = {
    {"a number without a unit", "server:\n  tiers:\n    - name: api\n      server_timeout: 10\n",
     4, 23, "server.tiers[0].server_timeout", "found '10' (a number without a unit); allowed: a duration >= 0s"},
    {"an unknown unit", "server:\n  tiers:\n    - name: api\n      server_timeout: 10 parsecs\n",
     4, 23, "server.tiers[0].server_timeout", "found '10 parsecs'; allowed: a duration >= 0s"},
    {"a negative duration", "server:\n  tiers:\n    - name: api\n      server_timeout: -1s\n",
     4, 23, "server.tiers[0].server_timeout", "found '-1s'; allowed: a duration >= 0s"},
    {"a probability above 1", "allocation:\n  confirmation:\n    success_probability: 1.5\n",
     3, 26, "allocation.confirmation.success_probability", "found '1.5'; allowed: a number in [0, 1]"},
    {"a count of zero where one is the least", "server:\n  tiers: [{name: api, workers: 0}]\n",
     2, 32, "server.tiers[0].workers", "found '0'; allowed: a whole number >= 1"},
    {"a fractional count", "server:\n  tiers: [{name: api, workers: 2.5}]\n",
     2, 32, "server.tiers[0].workers", "found '2.5'; allowed: a whole number >= 1"},
    {"an unknown key", "server:\n  tiers:\n    - name: api\n      wrokers: 10\n",
     4, 7, "server.tiers[0].wrokers", "unknown key 'wrokers'; did you mean 'workers'?"},
    {"an unknown section", "seed: 1\nwaitingroom: {enabled: true}\n",
     2, 1, "waitingroom", "did you mean 'waiting_room'?"},
    {"a misspelt choice", "allocation:\n  strategy: first_come_rcae\n",
     2, 13, "allocation.strategy", "did you mean 'first_come_race'? allowed: one of first_come_race, lottery, weighted_lottery"},
    {"a bad time of day", "allocation:\n  race: {release_time: \"9am\"}\n",
     2, 24, "allocation.race.release_time", "\"HH:MM\""},
    {"a UTC offset without minutes", "calendar: {utc_offset: \"-5\"}\n",
     1, 24, "calendar.utc_offset", "\"-05:00\""},
    {"a section that is not a map", "client: fast\n",
     1, 9, "client", "found 'fast'; allowed: a map"},
    {"a duplicate key", "seed: 1\nseed: 2\n",
     2, 1, "seed", "first at line 1"},
    {"port shares not summing to 1", "supply:\n  ports:\n    - {name: a, share: 0.5}\n    - {name: b, share: 0.4}\n",
     3, 5, "supply.ports", "summing to 0.9"},
    {"device class shares not summing to 1", "population:\n  device_classes: [{name: a, share: 0.5}]\n",
     2, 19, "population.device_classes", "allowed: shares summing to 1"},
    {"a port name used twice", "supply:\n  ports:\n    - {name: a, share: 0.5}\n    - {name: a, share: 0.5}\n",
     4, 14, "supply.ports[1].name", "first at supply.ports[0]"},
    {"a port without a name", "supply:\n  ports: [{share: 1}]\n",
     2, 11, "supply.ports[0].name", "missing key 'name'"},
    {"a lottery window closing before it opens",
     "allocation:\n  lottery: {window_open: \"13:00\", window_close: \"12:00\"}\n",
     2, 49, "allocation.lottery.window_close", "window_open < window_close"},
    {"a request on an undefined tier", "server:\n  requests:\n    book: {tier: db}\n",
     3, 18, "server.requests.book.tier", "found tier 'db'"},
    {"requests left on a default tier that is gone",
     "server:\n  tiers: [{name: web}]\n  requests:\n    book: {tier: web}\n",
     2, 10, "server.tiers", "login, liveness, list_slots, lottery_entry, lottery_result, confirm"},
    {"an unknown request type", "server:\n  requests:\n    booking: {tier: api}\n",
     3, 5, "server.requests.booking", "did you mean 'book'?"},
    {"an unknown distribution", "client:\n  think_seconds: {exponentail: {mean: 1s}}\n",
     2, 19, "client.think_seconds.exponentail", "did you mean 'exponential'?"},
    {"a distribution missing a parameter", "client:\n  think_seconds: {uniform: {low: 1s}}\n",
     2, 28, "client.think_seconds.uniform.high", "missing key 'high'"},
    {"empirical weights not matching the values",
     "client:\n  think_seconds: {empirical: {values: [1s, 2s], weights: [1]}}\n",
     2, 58, "client.think_seconds.empirical.weights", "one weight per value"},
    {"a lognormal p99 below its median", "client:\n  think_seconds: {lognormal: {median: 3s, p99: 1s}}\n",
     2, 48, "client.think_seconds.lognormal.p99", "p99 >= median"},
    {"a party size of zero", "population:\n  party_sizes: {0: 1}\n",
     2, 17, "population.party_sizes.0", "a whole number from 1"},
};

}  // namespace

TEST_CASE("the default scenario carries the list defaults of domain.md section 6", "[scenario]") {
  const Scenario s = default_scenario();
  REQUIRE(s.supply.ports.size() == 8);
  CHECK(s.supply.ports[0].name == "San Ysidro");
  CHECK(s.supply.ports[0].share == Approx(0.276));
  double port_sum = 0, party_sum = 0, device_sum = 0;
  for (const auto& p : s.supply.ports) port_sum += p.share;
  for (const auto& p : s.population.party_sizes) party_sum += p.weight;
  for (const auto& d : s.population.devices_per_person) device_sum += d.weight;
  CHECK(port_sum == Approx(1.0).margin(1e-9));
  CHECK(party_sum == Approx(1.0).margin(1e-9));
  CHECK(device_sum == Approx(1.0).margin(1e-9));
  CHECK(s.population.party_sizes.size() == 6);
  REQUIRE(s.population.device_classes.size() == 1);
  CHECK(s.population.device_classes[0].rtt == 200 * kMillisecond);
  REQUIRE(s.server.tiers.size() == 1);
  // capacity = workers / mean service = the OIG's 100 transactions/s knee
  CHECK(s.server.tiers[0].workers / s.cost(RequestType::Book).service_seconds.mean() == Approx(100));
  for (const auto& cost : s.server.requests) CHECK(cost.tier == "api");
}

TEST_CASE("request types convert to snake_case names and back", "[scenario]") {
  for (std::size_t i = 0; i < kRequestTypeCount; ++i) {
    const auto type = static_cast<RequestType>(i);
    CHECK(request_type_from_string(to_string(type)) == type);
  }
  CHECK(to_string(RequestType::ListSlots) == "list_slots");
  CHECK(to_string(RequestType::LotteryResult) == "lottery_result");
  CHECK_FALSE(request_type_from_string("ListSlots").has_value());
}

TEST_CASE("durations, times of day and offsets parse only with explicit units", "[scenario]") {
  CHECK(parse_duration("250ms") == 250 * kMillisecond);
  CHECK(parse_duration("1.5s") == 1500 * kMillisecond);
  CHECK(parse_duration("2m") == 2 * kMinute);
  CHECK(parse_duration("1h") == kHour);
  CHECK(parse_duration("1d") == kDay);
  CHECK(parse_duration("-20s") == -20 * kSecond);
  CHECK(parse_duration("0s") == 0);
  for (const char* bad : {"10", "10 parsecs", "s", "1e3s", ".5s", "1.5.2s", "10S", " 1s", "1s "})
    CHECK_FALSE(parse_duration(bad).has_value());
  CHECK(parse_time_of_day("09:00") == 9 * kHour);
  CHECK(parse_time_of_day("09:00:30") == 9 * kHour + 30 * kSecond);
  CHECK(parse_time_of_day("24:00") == kDay);
  for (const char* bad : {"9:00", "24:01", "12:60", "09-00", "0900"})
    CHECK_FALSE(parse_time_of_day(bad).has_value());
  CHECK(parse_utc_offset("-05:00") == -300);
  CHECK(parse_utc_offset("+05:30") == 330);
  CHECK_FALSE(parse_utc_offset("05:00").has_value());
  CHECK_FALSE(parse_utc_offset("-15:00").has_value());
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
}

TEST_CASE("a file setting every field loads each value into the Scenario", "[scenario]") {
  TempDir dir;
  const Scenario s = load_scenario(dir.write("full.yaml", kFullScenario));
  CHECK(s.name == "full");
  CHECK(s.description == "every field set away from its default");
  CHECK(s.seed == 42);
  CHECK(s.calendar.reference_tz == "America/Chicago");
  CHECK(s.calendar.utc_offset_minutes == -360);
  CHECK(s.calendar.start_date == "2023-05-12");
  CHECK(s.calendar.days == 3);

  CHECK(s.supply.daily_slots == 1000);
  CHECK(s.supply.booking_horizon_days == 13);
  CHECK(s.supply.slot_unit == SlotUnit::Party);
  REQUIRE(s.supply.ports.size() == 2);
  CHECK(s.supply.ports[1].name == "El Paso");
  CHECK(s.supply.ports[1].share == 0.6);

  const AllocationSpec& a = s.allocation;
  CHECK(a.strategy == AllocationStrategy::WeightedLottery);
  CHECK(a.race.release_time == 11 * kHour);
  CHECK(a.lottery.window_open == 12 * kHour);
  CHECK(a.lottery.window_close == 23 * kHour + 59 * kMinute + 30 * kSecond);
  CHECK(a.lottery.draw_time == 11 * kHour);
  CHECK(a.lottery.senior_reserve_fraction == 0.25);
  CHECK(a.lottery.weight_per_day_waited == 0.1);
  CHECK(a.lottery.entries_per_identity == 2);
  CHECK(a.lottery.duplicate_detection);
  CHECK_FALSE(a.confirmation.required);
  CHECK(a.confirmation.success_probability == 0.9);
  CHECK(a.confirmation.deadline == 12 * kHour);

  const WaitingRoomSpec& w = s.waiting_room;
  CHECK(w.enabled);
  CHECK(w.opens_before == 15 * kMinute);
  CHECK_FALSE(w.shuffle_at_open);
  CHECK(w.order_after_open == QueueOrder::Random);
  CHECK(w.new_users_per_minute == 250.5);
  CHECK(w.total_active_users == 3000);
  CHECK(w.session_duration == 10 * kMinute);
  CHECK(w.poll_interval == kMinute);

  const PopulationSpec& p = s.population;
  CHECK(p.initial_backlog == 62000);
  CHECK(p.new_per_day == 1500);
  CHECK(law_of<Normal>(p.arrival.offset_seconds).mean == -5.0);
  CHECK(law_of<Normal>(p.arrival.offset_seconds).stddev == 30.0);
  CHECK(p.arrival.earliest == kMinute);
  REQUIRE(p.party_sizes.size() == 2);
  CHECK(p.party_sizes[1].value == 4);
  CHECK(p.party_sizes[1].weight == 0.5);
  REQUIRE(p.devices_per_person.size() == 2);
  CHECK(p.devices_per_person[1].value == 2);
  REQUIRE(p.device_classes.size() == 2);
  CHECK(p.device_classes[0].name == "fast");
  CHECK(p.device_classes[0].rtt == 50 * kMillisecond);
  CHECK(p.device_classes[0].loss == 0.01);
  CHECK(p.device_classes[1].rtt == 1500 * kMillisecond);
  CHECK(p.device_classes[1].loss == 0.0);
  CHECK(p.daily_return_probability == 0.9);
  CHECK(p.give_up_after == 20 * kMinute);
  CHECK(p.leave_after_days == 30);
  CHECK(p.liveness_fail_probability == 0.15);
  CHECK(p.geo_false_reject_probability == 0.03);
  CHECK(p.adversaries.speed_bots.operators == 5);
  CHECK(p.adversaries.speed_bots.devices_per_operator == 20);
  CHECK(p.adversaries.speed_bots.retry_interval == 100 * kMillisecond);
  CHECK(p.adversaries.speed_bots.slots_per_operator == 7);
  CHECK(p.adversaries.sybils.actors == 10);
  CHECK(p.adversaries.sybils.registrations_per_actor == 466);
  CHECK(p.background.rate_per_second == 80);
  CHECK(p.background.request == RequestType::Login);
  CHECK(p.background.start == kHour);
  CHECK(p.background.end == 2 * kHour);
  REQUIRE(p.background.spikes.size() == 1);
  CHECK(p.background.spikes[0].at == 90 * kMinute);
  CHECK(p.background.spikes[0].duration == kMinute);
  CHECK(p.background.spikes[0].multiplier == 2.0);

  const ClientSpec& c = s.client;
  CHECK(c.timeout == 30 * kSecond);
  CHECK(std::exp(law_of<LogNormal>(c.think_seconds).mu) == Approx(0.3));
  CHECK(c.retry.kind == RetryKind::Exponential);
  CHECK(c.retry.max_attempts == 3);
  CHECK(c.retry.base == 200 * kMillisecond);
  CHECK(c.retry.cap == 10 * kSecond);
  CHECK(c.retry.jitter == Jitter::Decorrelated);
  CHECK(c.retry.budget_ratio == 0.1);
  CHECK(c.retry.throttle_k == 2.0);
  CHECK(c.retry.throttle_window == kMinute);

  const ServerSpec& srv = s.server;
  REQUIRE(srv.tiers.size() == 2);
  CHECK(srv.tiers[0].workers == 40);
  CHECK(srv.tiers[0].discipline == QueueDisciplineSpec::Lifo);
  CHECK(srv.tiers[0].queue_limit == std::optional<std::size_t>(5000));
  CHECK(srv.tiers[0].server_timeout == 10 * kSecond);
  CHECK(srv.tiers[0].drop_abandoned);
  CHECK(srv.tiers[1].name == "media");
  CHECK_FALSE(srv.tiers[1].queue_limit.has_value());
  CHECK(srv.tiers[1].discipline == QueueDisciplineSpec::Fifo);
  CHECK(s.cost(RequestType::Liveness).tier == "media");
  CHECK(law_of<Uniform>(s.cost(RequestType::Liveness).service_seconds).high == 3.0);
  CHECK(s.cost(RequestType::Book).tier == "api");
  CHECK(law_of<Deterministic>(s.cost(RequestType::Book).service_seconds).value == 0.25);
  CHECK(law_of<Empirical>(s.cost(RequestType::Confirm).service_seconds).probabilities()[0] == 0.75);
  CHECK(law_of<Exponential>(s.cost(RequestType::Login).service_seconds).mean == 0.5);  // default kept
  REQUIRE(srv.capacity_events.size() == 1);
  CHECK(srv.capacity_events[0].at == 9 * kHour);
  CHECK(srv.capacity_events[0].workers_factor == 0.7);
  CHECK(s.output.series_interval == kMinute);
}

TEST_CASE("an empty file is the default scenario named after the file", "[scenario]") {
  TempDir dir;
  const Scenario s = load_scenario(dir.write("quiet-day.yaml", ""));
  CHECK(s.name == "quiet-day");
  CHECK(s.supply.ports.size() == 8);
  CHECK(s.server.tiers.size() == 1);
}

TEST_CASE("each kind of error is reported at its place with its field path and the rule",
          "[scenario]") {
  TempDir dir;
  for (const ErrorCase& c : kErrorCases) {
    INFO("error kind: " << c.kind);
    const fs::path file = dir.write("case.yaml", c.yaml);
    const ScenarioIssue issue = only_issue(file);
    check_place(issue, file, c.line, c.column, c.field);
    CHECK_THAT(issue.message, Catch::Contains(c.says));
  }
}

TEST_CASE("every error in a file is reported, in file order", "[scenario]") {
  TempDir dir;
  const fs::path file = dir.write("three.yaml", R"(calendar:
  days: 0
client:
  timeout: 10
population:
  liveness_fail_probabilty: 0.1
)");
  const std::vector<ScenarioIssue> issues = validate_scenario_file(file);
  INFO(all_text(issues));
  REQUIRE(issues.size() == 3);
  check_place(issues[0], file, 2, 9, "calendar.days");
  check_place(issues[1], file, 4, 12, "client.timeout");
  check_place(issues[2], file, 6, 3, "population.liveness_fail_probabilty");
  CHECK_THAT(issues[2].message, Catch::Contains("did you mean 'liveness_fail_probability'?"));
}

TEST_CASE("load_scenario throws a ScenarioError listing every issue as file:line:col", "[scenario]") {
  TempDir dir;
  const fs::path file = dir.write("bad.yaml", "seed: -1\noutput: {series_interval: 0s}\n");
  try {
    load_scenario(file);
    FAIL("no exception");
  } catch (const ScenarioError& e) {
    REQUIRE(e.issues().size() == 2);
    CHECK_THAT(e.what(), Catch::StartsWith(file.string() + ":1:7: seed: found '-1'"));
    CHECK_THAT(e.what(), Catch::Contains(file.string() + ":2:27: output.series_interval: "));
  }
}

TEST_CASE("a YAML syntax error is reported at its place", "[scenario]") {
  TempDir dir;
  const fs::path file = dir.write("x.yaml", "seed: 1\nsupply: [1, 2\n");
  const ScenarioIssue issue = only_issue(file);
  CHECK(issue.line >= 2);
  CHECK_THAT(issue.message, Catch::StartsWith("YAML syntax error"));
}

TEST_CASE("a scenario extends its base: maps merge, the override wins, lists replace",
          "[scenario]") {
  TempDir dir;
  dir.write("base.yaml", R"(name: base
description: the base
seed: 7
waiting_room: {enabled: true}
supply:
  daily_slots: 740
  ports: [{name: a, share: 0.5}, {name: b, share: 0.5}]
server:
  tiers: [{name: api, workers: 50, queue_limit: 100}]
)");
  dir.write("middle.yaml", "extends: base.yaml\nseed: 8\nwaiting_room:\n  # enabled: true\n");
  const fs::path variant = dir.write("variant.yaml", R"(extends: middle.yaml
supply:
  ports: [{name: c, share: 1}]
server:
  tiers: [{name: api, workers: 80}]
)");
  const Scenario s = load_scenario(variant);
  CHECK(s.name == "variant");  // not the base's name
  CHECK(s.description == "the base");
  CHECK(s.seed == 8);
  CHECK(s.supply.daily_slots == 740);
  CHECK(s.waiting_room.enabled);  // an empty section over a map leaves the base's map
  REQUIRE(s.supply.ports.size() == 1);
  CHECK(s.supply.ports[0].name == "c");
  REQUIRE(s.server.tiers.size() == 1);
  CHECK(s.server.tiers[0].workers == 80);
  CHECK_FALSE(s.server.tiers[0].queue_limit.has_value());  // the list replaced whole
}

TEST_CASE("errors in a base file are reported at the base's file and line", "[scenario]") {
  TempDir dir;
  const fs::path base = dir.write("base.yaml", "seed: 1\nsupply:\n  daily_slots: lots\n");
  const fs::path variant = dir.write("variant.yaml", "extends: base.yaml\nsupply:\n  slot_unit: persons\n");
  const std::vector<ScenarioIssue> issues = validate_scenario_file(variant);
  INFO(all_text(issues));
  REQUIRE(issues.size() == 2);
  check_place(issues[0], variant, 3, 14, "supply.slot_unit");
  check_place(issues[1], base, 3, 16, "supply.daily_slots");
}

TEST_CASE("an extends cycle or a missing base is reported at the extends key", "[scenario]") {
  TempDir dir;
  SECTION("cycle") {
    dir.write("a.yaml", "extends: b.yaml\n");
    const fs::path b = dir.write("b.yaml", "seed: 3\nextends: a.yaml\n");
    const ScenarioIssue issue = only_issue(dir.write("a.yaml", "extends: b.yaml\n"));
    check_place(issue, b, 2, 10, "extends");
    CHECK_THAT(issue.message, Catch::Contains("extends cycle: a.yaml -> b.yaml -> a.yaml"));
  }
  SECTION("a file extending itself") {
    const fs::path self = dir.write("self.yaml", "extends: ./self.yaml\n");
    CHECK_THAT(only_issue(self).message, Catch::Contains("extends cycle"));
  }
  SECTION("missing base") {
    const fs::path v = dir.write("v.yaml", "\nextends: nowhere.yaml\n");
    const ScenarioIssue issue = only_issue(v);
    check_place(issue, v, 2, 10, "extends");
    CHECK_THAT(issue.message, Catch::Contains("no such file"));
  }
}

TEST_CASE("a file that cannot be read is one issue without a line", "[scenario]") {
  TempDir dir;
  const std::vector<ScenarioIssue> issues = validate_scenario_file("/nonexistent/slotrush.yaml");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].line == 0);
  CHECK(format_issue(issues[0]) == "/nonexistent/slotrush.yaml: cannot read '/nonexistent/slotrush.yaml': no such file");
}
