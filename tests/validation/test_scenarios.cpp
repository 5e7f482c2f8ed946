// The shipped scenarios against what shared/domain.md §5.3 says they must show: the launch race
// freezes and still sells out within minutes, favouring single adults and fast phones; the lottery
// has no release spike, a daily chance near the sourced figure and no such gap; the metastable demo
// stays degraded after its spike unless a retry budget or adaptive throttling is on; M/M/c through
// the whole model matches Erlang C. Scenarios with a 450,000-person population are cut to 45,000
// (same server) to keep the suite fast: the race is still two orders of magnitude over capacity.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/engine/replications.hpp"
#include "sim/model/appointment_world.hpp"
#include "sim/results/results.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/stats/confidence_interval.hpp"
#include "sim/stats/queueing_theory.hpp"

using namespace slotrush;

namespace {

Scenario shipped(const std::string& name) {
  return load_scenario(std::filesystem::path(SLOTRUSH_SOURCE_DIR) / "scenarios" / (name + ".yaml"));
}

// The launch at a tenth of its people: a test of the race's mechanics under a frozen sign-in, with
// everyone starting at or after 09:00 (N(0, 20 s) clipped to the release, as the launch was before
// its re-fit to [S14], issue 13). The shipped day lets people start up to 100 s early, fitted at full
// size; at a tenth, those early starters are a tenth as many against a sign-in ten times freer, so the
// day sells out in ~13 s at booking alone and is a different race. The fitted full-size day is
// checked by the ctest "fitted: the launch ..." (tests/cli/fitted_scenario.sh).
Scenario scaled_launch(const std::string& name) {
  Scenario s = shipped(name);
  s.population.initial_backlog = 45'000;
  if (name == "cbp1-2023-01-launch") {
    s.population.arrival.offset_seconds = Normal(0.0, 20.0);
    s.population.arrival.earliest = 0;
  }
  return s;
}

const RunResult& launch_run() {
  static const RunResult r = simulate_appointments(scaled_launch("cbp1-2023-01-launch"), 0);
  return r;
}

double group_probability(const RunResult& r, const std::string& dimension, const std::string& label) {
  for (const GroupOutcome& g : r.groups)
    if (g.dimension == dimension && g.label == label) return g.booking_probability();
  FAIL("no group " << dimension << "=" << label);
  return NAN;
}

// Booking probability over a set of labels of one dimension (people-weighted).
double pooled_probability(const RunResult& r, const std::string& dimension, const std::vector<std::string>& labels) {
  double people = 0, booked = 0;
  for (const GroupOutcome& g : r.groups)
    if (g.dimension == dimension && std::find(labels.begin(), labels.end(), g.label) != labels.end()) {
      people += g.people;
      booked += g.booked;
    }
  REQUIRE(people > 0);
  return booked / people;
}

// Mean goodput per second over series rows with time in [from, to) seconds (idle rows count as 0).
double mean_goodput(const RunResult& r, double from, double to) {
  double sum = 0;
  for (const SeriesRow& row : r.series)
    if (row.time_seconds >= from && row.time_seconds < to) sum += row.goodput;
  return sum / (to - from);
}

double peak_offered_per_second(const RunResult& r) {
  double peak = 0;
  for (const SeriesRow& row : r.series) peak = std::max(peak, row.offered / r.series_interval_seconds);
  return peak;
}

}  // namespace

TEST_CASE("launch: the race sells out within minutes while the server freezes") {
  const RunResult& r = launch_run();
  INFO("sold out after " << r[Kpi::SoldOutSeconds] << " s; rejected " << r[Kpi::RequestRejectRate]
                         << ", timed out " << r[Kpi::RequestTimeoutRate] << ", wasted " << r[Kpi::WastedWorkShare]);
  CHECK(r[Kpi::SlotsOffered] == 740);
  CHECK(r[Kpi::SlotsBooked] >= 0.95 * 740);
  // Gone within minutes of the 09:00 release ([S14]: 1-3 minutes).
  CHECK(r[Kpi::SoldOutSeconds] > 30);
  CHECK(r[Kpi::SoldOutSeconds] < 600);
  // Most attempts fail: refused by full queues or timed out ("Error 502", loops of errors).
  CHECK(r[Kpi::RequestRejectRate] + r[Kpi::RequestTimeoutRate] > 0.9);
  CHECK(r[Kpi::RetryAmplification] > 20);
  // Goodput collapse: a large share of the servers' work is for clients that already gave up.
  CHECK(r[Kpi::WastedWorkShare] > 0.3);
  CHECK(r[Kpi::FreezeSeconds] > 120);
  // The offered load in the release minute is far above the 100-133 tx/s knee [S18].
  CHECK(peak_offered_per_second(r) > 50 * 133);
}

TEST_CASE("launch: the race favours single adults, fast networks and more phones") {
  const RunResult& r = launch_run();
  const double singles = group_probability(r, "party_size", "1");
  const double families = pooled_probability(r, "party_size", {"4", "5", "6"});
  const double fast = group_probability(r, "device_class", "fast");
  const double slow = group_probability(r, "device_class", "slow");
  INFO("singles " << singles << ", families of 4-6 " << families << ", fast " << fast << ", slow " << slow);
  CHECK(singles > 3 * families);
  CHECK(fast > 2 * slow);
  CHECK(group_probability(r, "devices", "3") > group_probability(r, "devices", "1"));
  CHECK(r[Kpi::FairnessJain] < 0.8);
}

// Whether `seed:` is set in the file or in a file it extends.
static bool declares_seed(const std::filesystem::path& file) {
  const YAML::Node doc = YAML::LoadFile(file.string());
  if (doc["seed"]) return true;
  return doc["extends"] && declares_seed(file.parent_path() / doc["extends"].as<std::string>());
}

TEST_CASE("every shipped scenario declares its seed, so the figures in its header reproduce") {
  // The launch's fitted sell-out (136.2 +- 25 s over 30 days) is of seed 20230118; an edit that
  // dropped the seed: line ran it, and the waiting room extending it, under the default seed.
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(SLOTRUSH_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    CHECK(declares_seed(entry.path()));
  }
}

TEST_CASE("lottery 2023: no release spike, a daily chance near the sourced figure, no race gap") {
  const Scenario s = shipped("cbp1-2023-05-lottery");
  const RunResult r = simulate_appointments(s, 0);
  // No synchronised spike: the busiest minute is within a small factor of the mean minute.
  const double mean_offered = r[Kpi::OfferedLoad];
  INFO("peak " << peak_offered_per_second(r) << "/s against a mean of " << mean_offered << "/s");
  CHECK(peak_offered_per_second(r) < 5 * mean_offered);
  CHECK(peak_offered_per_second(r) < 100);  // under the capacity knee
  CHECK(r[Kpi::FreezeSeconds] == 0);
  // [S11]: ~500 random slots for ~79,500 requesters a day, ~0.6% in slots per requester. A request
  // is per registration and a party uses one slot per member, so slots per entrant = chance x size.
  double mean_party = 0, weight = 0;
  for (const WeightedCount& c : s.population.party_sizes) {
    mean_party += c.value * c.weight;
    weight += c.weight;
  }
  mean_party /= weight;
  const double slots_per_entrant = r[Kpi::DailyWinProbability] * mean_party;
  INFO("daily chance " << r[Kpi::DailyWinProbability] << " x mean party " << mean_party);
  CHECK(slots_per_entrant > 0.004);
  CHECK(slots_per_entrant < 0.009);
  // Confirmation: 800 of the first 1,000 allocated were confirmed [S12].
  INFO("confirmed share " << r[Kpi::ConfirmedShare]);
  CHECK(r[Kpi::ConfirmedShare] > 0.76);
  CHECK(r[Kpi::ConfirmedShare] < 0.84);
  CHECK(r[Kpi::SlotsBooked] > 0.6 * r[Kpi::SlotsOffered]);
  CHECK(r[Kpi::SlotsBooked] < 0.85 * r[Kpi::SlotsOffered]);
  // The race's gaps are gone: families and slow phones win about as often as singles and fast ones.
  const double singles = group_probability(r, "party_size", "1");
  const double families = pooled_probability(r, "party_size", {"4", "5", "6"});
  CHECK(families > 0.75 * singles);
  CHECK(group_probability(r, "device_class", "slow") > 0.85 * group_probability(r, "device_class", "fast"));
  CHECK(r[Kpi::FairnessJain] > 0.95);
}

TEST_CASE("lottery: every entrant looks at the result the next day, winners and losers alike") {
  // Day 0: everyone enters; nobody returns to enter again, so day 1's requests are the looks at the
  // result (and the winners' confirmations): the rule both clocks share (Population).
  Scenario s = shipped("cbp1-2023-05-lottery");
  s.calendar.days = 2;
  s.population.initial_backlog = 2'000;
  s.population.initial_backlog_spread = 0;  // registered on day 0: all try that day
  s.population.new_per_day = 0;
  s.population.daily_return_probability = 0;
  s.supply.daily_slots = 50;
  const RunResult r = simulate_appointments(s, 0);
  const double draw = to_seconds(kDay + s.allocation.lottery.draw_time);
  const double last_look = draw + to_seconds(s.allocation.confirmation.deadline / 4);
  double before_draw = 0, looking = 0;
  for (const SeriesRow& row : r.series) {
    if (row.time_seconds < to_seconds(kDay)) continue;
    const bool early = row.time_seconds + 1 < draw;  // a row is the interval starting at its time
    if (early && row.offered > 0) UNSCOPED_INFO("before the draw: " << row.time_seconds << " s, " << row.offered);
    (early ? before_draw : looking) += row.offered;
    if (row.time_seconds >= last_look) CHECK(row.offered <= 2 * 50);  // only winners confirming, late
  }
  CHECK(before_draw == 0);
  INFO(looking << " requests on day 1 from " << r[Kpi::PeopleTrying] << " entrants");
  CHECK(looking >= 0.95 * r[Kpi::PeopleTrying]);  // far more than the 50 winners
}

TEST_CASE("lottery: every slot allocated goes to someone who can confirm it") {
  // With confirmation always succeeding, every hold that ends is confirmed: nobody who entered again
  // and then got an appointment (by the earlier draw) is drawn a second time and lets it expire.
  Scenario s = shipped("cbp1-2023-05-lottery");
  s.allocation.confirmation.success_probability = 1.0;
  s.population.initial_backlog = 8'000;
  s.population.new_per_day = 100;
  s.supply.daily_slots = 100;
  s.calendar.days = 7;
  const RunResult r = simulate_appointments(s, 0);
  INFO("confirmed share " << r[Kpi::ConfirmedShare] << ", " << r[Kpi::SlotsBooked] << " slots booked");
  CHECK(r[Kpi::SlotsBooked] > 0);
  CHECK(r[Kpi::ConfirmedShare] == 1.0);
}

TEST_CASE("lottery 2024: duplicate detection removes Sybil registrations") {
  Scenario s = shipped("cbp1-2024-lottery");
  s.population.initial_backlog = 28'000;  // a tenth, to keep the suite fast
  s.supply.daily_slots = 145;
  s.population.new_per_day = 145;
  s.calendar.days = 6;
  const RunResult with = simulate_appointments(s, 0);
  CHECK(group_probability(with, "adversary", "sybil") == 0);
  s.allocation.lottery.duplicate_detection = false;
  const RunResult without = simulate_appointments(s, 0);
  CHECK(group_probability(without, "adversary", "sybil") > 0);
}

TEST_CASE("waiting room: the launch behind a shuffled pre-queue does not freeze") {
  const RunResult room = simulate_appointments(scaled_launch("waiting-room"), 0);
  const RunResult& race = launch_run();
  INFO("freeze " << room[Kpi::FreezeSeconds] << " s, p99 " << room[Kpi::LatencyP99] << " s");
  CHECK(room[Kpi::FreezeSeconds] < 0.05 * race[Kpi::FreezeSeconds]);
  CHECK(room[Kpi::RequestRejectRate] < 0.01);
  CHECK(room[Kpi::WastedWorkShare] < 0.05);
  CHECK(room[Kpi::LatencyP99] < 10.0);
  CHECK(room[Kpi::SlotsBooked] >= 0.95 * 740);
  // Shuffling at the open removes the fast network's edge.
  const double gap_room = group_probability(room, "device_class", "fast") / group_probability(room, "device_class", "slow");
  const double gap_race = group_probability(race, "device_class", "fast") / group_probability(race, "device_class", "slow");
  CHECK(gap_room < 0.5 * gap_race);
}

TEST_CASE("metastable demo: degraded after the spike without mitigation, recovered with one") {
  // Load 80/s against 100/s; a 2x spike from 300 s to 360 s; load stops at 1,800 s.
  const auto after_spike = [](const RunResult& r) { return mean_goodput(r, 900, 1800); };
  const auto before_spike = [](const RunResult& r) { return mean_goodput(r, 60, 300); };
  const RunResult plain = simulate_appointments(shipped("metastable-retry-demo"), 0);
  INFO("no mitigation: " << before_spike(plain) << "/s before, " << after_spike(plain) << "/s after");
  CHECK(before_spike(plain) > 70);
  CHECK(after_spike(plain) < 0.3 * before_spike(plain));
  CHECK(plain[Kpi::RetryAmplification] > 2);
  // Recovered by the last five minutes of load. (Adaptive throttling shared by all the clients
  // takes longest: with no accepts its local rejection probability stays near 1 for minutes.)
  const auto end_of_load = [](const RunResult& r) { return mean_goodput(r, 1500, 1800); };
  CHECK(end_of_load(plain) < 0.3 * before_spike(plain));
  const auto throttled = [](const RunResult& r) {
    std::uint64_t n = 0;
    for (const SeriesRow& row : r.series) n += row.throttled;
    return n;
  };
  CHECK(throttled(plain) == 0);  // no adaptive throttle: nothing refused locally
  for (const char* name : {"metastable-retry-budget", "metastable-retry-throttle"}) {
    const RunResult r = simulate_appointments(shipped(name), 0);
    if (std::string(name) == "metastable-retry-throttle") CHECK(throttled(r) > 0);
    INFO(name << ": " << before_spike(r) << "/s before, " << end_of_load(r) << "/s at the end");
    CHECK(end_of_load(r) > 0.9 * before_spike(r));
  }
}

TEST_CASE("M/M/c as a scenario: mean latency matches Erlang C through the whole model") {
  const Scenario s = shipped("mmc-validation");
  const auto runs = run_replications(10, 0, [&](std::size_t r) { return simulate_appointments(s, r); });
  std::vector<double> latency;
  for (const RunResult& r : runs) latency.push_back(r[Kpi::LatencyMean]);
  const ConfidenceInterval ci = student_t_interval(latency);
  const MmcMetrics theory = mmc_metrics(9.0, 1.0, 10);
  INFO("simulated " << ci.mean << " ± " << ci.half_width << ", Erlang C W = " << theory.w);
  CHECK(ci.contains(theory.w));
  CHECK(ci.half_width < 0.05 * theory.w);
}

TEST_CASE("scenario runs are reproducible and share their population across policies") {
  Scenario s = scaled_launch("cbp1-2023-01-launch");
  s.population.initial_backlog = 5'000;
  const std::string a = to_json(aggregate({simulate_appointments(s, 3)}, "simulated", s.name, "", s.seed));
  const std::string b = to_json(aggregate({simulate_appointments(s, 3)}, "simulated", s.name, "", s.seed));
  CHECK(a == b);
  // Common random numbers: the waiting-room variant sees the very same people.
  Scenario room = s;
  room.waiting_room.enabled = true;
  const RunResult x = simulate_appointments(s, 1);
  const RunResult y = simulate_appointments(room, 1);
  std::map<std::string, double> people_x, people_y;
  for (const GroupOutcome& g : x.groups) people_x[g.dimension + "=" + g.label] = g.people;
  for (const GroupOutcome& g : y.groups) people_y[g.dimension + "=" + g.label] = g.people;
  CHECK(people_x == people_y);
  // Another seed gives other people.
  s.seed += 1;
  const std::string c = to_json(aggregate({simulate_appointments(s, 3)}, "simulated", s.name, "", s.seed));
  CHECK(c != a);
}

TEST_CASE("speed bots: scripted clients near the servers win the race far more often than people") {
  Scenario s = scaled_launch("cbp1-2023-01-launch");
  s.population.adversaries.speed_bots.operators = 20;
  s.population.adversaries.speed_bots.slots_per_operator = 2;
  const RunResult r = simulate_appointments(s, 0);
  const double bots = group_probability(r, "adversary", "speed_bot");
  const double people = group_probability(r, "adversary", "none");
  INFO("bots " << bots << ", people " << people);
  CHECK(bots > 20 * people);
}

TEST_CASE("waiting room: a session lasts while its phone keeps tapping and ends when it idles") {
  // With a cap on admitted sessions, Cloudflare's session_duration counts idle time: a phone that
  // taps every few seconds keeps its place however short the duration, so a 1-minute and a 1-hour
  // session give the same run; a session shorter than the pause between taps (1 s against 2-5 s of
  // think time) ends between requests and sends the phone back to the queue.
  Scenario s = scaled_launch("waiting-room");
  s.waiting_room.total_active_users = 500;
  const auto run_with = [&](SimTime session) {
    Scenario v = s;
    v.waiting_room.session_duration = session;
    return simulate_appointments(v, 0);
  };
  const RunResult minute = run_with(kMinute), hour = run_with(kHour), second = run_with(kSecond);
  const auto queued = [](const RunResult& r) {
    double sum = 0;  // person-seconds spent in the room's queue
    for (const SeriesRow& row : r.series) sum += row.waiting_room;
    return sum;
  };
  INFO("room person-seconds: 1 s " << queued(second) << ", 1 min " << queued(minute) << ", 1 h " << queued(hour));
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    INFO(kKpiInfo[k].name);
    CHECK((minute.kpis[k] == hour.kpis[k] || (std::isnan(minute.kpis[k]) && std::isnan(hour.kpis[k]))));
  }
  CHECK(queued(minute) == queued(hour));
  CHECK(queued(second) > 1.5 * queued(hour));
}
