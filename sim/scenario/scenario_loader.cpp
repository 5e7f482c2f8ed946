// The YAML layout mirrors struct Scenario: one map per struct, keys equal to the member names,
// lists of maps for vectors of structs. Each read_* function reads one struct's keys over its
// defaults and checks the rules that tie its fields together.
#include "sim/scenario/scenario_loader.hpp"

#include "sim/scenario/scenario_override.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/source_tree.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush {

namespace {

using namespace scenario_detail;

constexpr double kShareTolerance = 1e-6;

constexpr EnumName<SlotUnit> kSlotUnits[] = {{"person", SlotUnit::Person},
                                             {"party", SlotUnit::Party}};
constexpr EnumName<AllocationStrategy> kStrategies[] = {
    {"first_come_race", AllocationStrategy::FirstComeRace},
    {"lottery", AllocationStrategy::Lottery},
    {"weighted_lottery", AllocationStrategy::WeightedLottery}};
constexpr EnumName<QueueOrder> kQueueOrders[] = {{"fifo", QueueOrder::Fifo},
                                                 {"random", QueueOrder::Random}};
constexpr EnumName<RetryKind> kRetryKinds[] = {{"none", RetryKind::None},
                                               {"immediate", RetryKind::Immediate},
                                               {"fixed", RetryKind::Fixed},
                                               {"exponential", RetryKind::Exponential}};
constexpr EnumName<Jitter> kJitters[] = {{"none", Jitter::None},
                                         {"full", Jitter::Full},
                                         {"equal", Jitter::Equal},
                                         {"decorrelated", Jitter::Decorrelated}};
constexpr EnumName<QueueDisciplineSpec> kDisciplines[] = {{"fifo", QueueDisciplineSpec::Fifo},
                                                          {"lifo", QueueDisciplineSpec::Lifo}};
constexpr EnumName<RequestType> kRequestTypes[] = {
    {"login", RequestType::Login},
    {"liveness", RequestType::Liveness},
    {"list_slots", RequestType::ListSlots},
    {"book", RequestType::Book},
    {"lottery_entry", RequestType::LotteryEntry},
    {"lottery_result", RequestType::LotteryResult},
    {"confirm", RequestType::Confirm}};
static_assert(std::size(kRequestTypes) == kRequestTypeCount);

void add_issue(FieldReader& m, std::string_view key, std::string message) {
  m.issues().push_back(make_issue(m.place_of(key), m.path_of(key), std::move(message)));
}

// A name must be unique within its list; `seen` maps names to the first item's path.
void check_unique_name(FieldReader& item, const std::string& name,
                       std::map<std::string, std::string>& seen) {
  const auto [first, inserted] = seen.emplace(name, item.path());
  if (!inserted)
    add_issue(item, "name",
              "found the name '" + name + "' again (first at " + first->second +
                  "); allowed: a name not used by another item of this list");
}

template <typename Item>
void check_shares_sum_to_one(FieldReader& m, std::string_view key, const std::vector<Item>& items) {
  double sum = 0;
  for (const Item& item : items) sum += item.share;
  if (std::abs(sum - 1.0) > kShareTolerance)
    add_issue(m, key,
              "found shares summing to " + std::to_string(sum) + "; allowed: shares summing to 1");
}

// A list of maps each with a unique, required `name` (and, for items with a `share`, a required
// share, the shares summing to 1); `read_rest` reads the item's other keys. Replaces `out` whole.
template <typename Item>
void read_named_list(FieldReader& m, std::string_view key, std::vector<Item>& out,
                     const std::function<void(FieldReader&, Item&)>& read_rest) {
  constexpr bool kShared = requires(Item i) { i.share; };
  std::vector<Item> items;
  std::map<std::string, std::string> names;
  const bool listed = m.list(key, [&](FieldReader& reader) {
    Item item;
    if (reader.require("name") && reader.text("name", item.name, false))
      check_unique_name(reader, item.name, names);
    if constexpr (kShared) {
      if (reader.require("share")) reader.probability("share", item.share);
    }
    read_rest(reader, item);
    items.push_back(std::move(item));
  });
  if (!listed) return;
  if (items.empty()) add_issue(m, key, "found an empty list; allowed: at least one item");
  if constexpr (kShared) {
    if (!items.empty()) check_shares_sum_to_one(m, key, items);
  }
  out = std::move(items);
}

// {1: 0.45, 2: 0.35}: positive whole numbers mapped to non-negative weights, not all zero.
void read_weighted_counts(FieldReader& m, std::string_view key, std::vector<WeightedCount>& out) {
  const SourceNode* node = m.take(key);
  if (node == nullptr) return;
  const std::string path = m.path_of(key);
  if (node->kind != SourceNode::Kind::Map || node->entries.empty()) {
    m.issues().push_back(make_issue(node->place, path,
                                    "found " + describe(*node) +
                                        "; allowed: a map of whole numbers >= 1 to weights, "
                                        "e.g. {1: 0.7, 2: 0.25, 3: 0.05}"));
    return;
  }
  std::vector<WeightedCount> counts;
  double total = 0;
  bool ok = true;
  for (const SourceEntry& e : node->entries) {
    const std::string entry_path = path + "." + e.key;
    const SourceNode key_node{SourceNode::Kind::Scalar, e.key_place, e.key, {}, {}};
    const auto value = read_whole(key_node, entry_path, 1, 1'000'000, m.issues());
    const auto weight = read_number(e.value, entry_path, kNonNegative, m.issues());
    ok = ok && value && weight;
    if (value && weight) counts.push_back({static_cast<int>(*value), *weight}), total += *weight;
  }
  if (!ok) return;
  if (total <= 0) {
    m.issues().push_back(make_issue(node->place, path,
                                    "found only zero weights; allowed: at least one weight > 0"));
    return;
  }
  out = std::move(counts);
}

void read_calendar(FieldReader m, CalendarSpec& c) {
  m.text("reference_tz", c.reference_tz, false);
  if (const SourceNode* offset = m.take("utc_offset")) {
    const auto minutes = offset->kind == SourceNode::Kind::Scalar ? parse_utc_offset(offset->text)
                                                                 : std::nullopt;
    if (minutes) c.utc_offset_minutes = *minutes;
    else add_issue(m, "utc_offset", "found " + describe(*offset) + "; allowed: " + std::string(kUtcOffsetSyntax));
  }
  std::string date = c.start_date;
  if (m.text("start_date", date)) {
    if (is_iso_date(date)) c.start_date = date;
    else add_issue(m, "start_date", "found '" + date + "'; allowed: " + std::string(kIsoDateSyntax));
  }
  m.whole("days", c.days, 1, 3650);
}

void read_supply(FieldReader m, SupplySpec& s) {
  m.whole("daily_slots", s.daily_slots, 0);
  m.whole("booking_horizon_days", s.booking_horizon_days, 0, 3650);
  m.choice<SlotUnit>("slot_unit", s.slot_unit, kSlotUnits);
  read_named_list<PortSpec>(m, "ports", s.ports, [](FieldReader&, PortSpec&) {});
}

void read_allocation(FieldReader m, AllocationSpec& a) {
  m.choice<AllocationStrategy>("strategy", a.strategy, kStrategies);
  m.section("race").time_of_day("release_time", a.race.release_time);
  {
    FieldReader l = m.section("lottery");
    LotterySpec& lottery = a.lottery;
    l.time_of_day("window_open", lottery.window_open);
    l.time_of_day("window_close", lottery.window_close);
    l.time_of_day("draw_time", lottery.draw_time);
    l.probability("senior_reserve_fraction", lottery.senior_reserve_fraction);
    l.number("weight_per_day_waited", lottery.weight_per_day_waited, kNonNegative);
    l.whole("entries_per_identity", lottery.entries_per_identity, 1);
    l.boolean("duplicate_detection", lottery.duplicate_detection);
    if (lottery.window_open >= lottery.window_close)
      add_issue(l, "window_close",
                "found a window closing at or before it opens; allowed: window_open < window_close");
  }
  FieldReader c = m.section("confirmation");
  c.boolean("required", a.confirmation.required);
  c.probability("success_probability", a.confirmation.success_probability);
  c.duration("deadline", a.confirmation.deadline, DurationSign::Positive);
}

void read_waiting_room(FieldReader m, WaitingRoomSpec& w) {
  m.boolean("enabled", w.enabled);
  m.duration("opens_before", w.opens_before);
  m.boolean("shuffle_at_open", w.shuffle_at_open);
  m.choice<QueueOrder>("order_after_open", w.order_after_open, kQueueOrders);
  m.number("new_users_per_minute", w.new_users_per_minute, kPositive);
  m.whole("total_active_users", w.total_active_users, 0);
  m.duration("session_duration", w.session_duration, DurationSign::Positive);
  m.duration("poll_interval", w.poll_interval, DurationSign::Positive);
}

void read_adversaries(FieldReader m, AdversarySpec& a) {
  {
    FieldReader bots = m.section("speed_bots");
    bots.whole("operators", a.speed_bots.operators, 0);
    bots.whole("devices_per_operator", a.speed_bots.devices_per_operator, 1);
    bots.duration("retry_interval", a.speed_bots.retry_interval, DurationSign::Positive);
    bots.whole("slots_per_operator", a.speed_bots.slots_per_operator, 1);
    bots.duration("rtt", a.speed_bots.rtt);
  }
  FieldReader sybils = m.section("sybils");
  sybils.whole("actors", a.sybils.actors, 0);
  sybils.whole("registrations_per_actor", a.sybils.registrations_per_actor, 1);
}

void read_background(FieldReader m, BackgroundLoadSpec& b) {
  m.number("rate_per_second", b.rate_per_second, kNonNegative);
  m.choice<RequestType>("request", b.request, kRequestTypes);
  m.duration("start", b.start);
  m.duration("end", b.end);
  if (b.end != 0 && b.end <= b.start)
    add_issue(m, "end", "found an end at or before the start; allowed: end > start, or 0s for "
                        "the end of the horizon");
  std::vector<LoadSpike> spikes;
  if (m.list("spikes", [&](FieldReader& item) {
        LoadSpike spike;
        item.duration("at", spike.at);
        item.duration("duration", spike.duration);
        item.number("multiplier", spike.multiplier, kNonNegative);
        spikes.push_back(spike);
      }))
    b.spikes = std::move(spikes);
}

void read_population(FieldReader m, PopulationSpec& p) {
  m.whole("initial_backlog", p.initial_backlog, 0);
  m.duration("initial_backlog_spread", p.initial_backlog_spread);
  m.whole("new_per_day", p.new_per_day, 0);
  {
    FieldReader arrival = m.section("arrival");
    arrival.distribution("offset_seconds", p.arrival.offset_seconds, DurationSign::Any);
    arrival.duration("earliest", p.arrival.earliest);
  }
  read_weighted_counts(m, "party_sizes", p.party_sizes);
  read_weighted_counts(m, "devices_per_person", p.devices_per_person);
  read_named_list<DeviceClassSpec>(m, "device_classes", p.device_classes,
                                   [](FieldReader& item, DeviceClassSpec& device) {
                                     item.duration("rtt", device.rtt);
                                     item.probability("loss", device.loss);
                                   });
  m.probability("daily_return_probability", p.daily_return_probability);
  m.duration("give_up_after", p.give_up_after, DurationSign::Positive);
  m.whole("leave_after_days", p.leave_after_days, 0);
  m.probability("liveness_fail_probability", p.liveness_fail_probability);
  m.probability("geo_false_reject_probability", p.geo_false_reject_probability);
  read_adversaries(m.section("adversaries"), p.adversaries);
  read_background(m.section("background"), p.background);
}

void read_client(FieldReader m, ClientSpec& c) {
  m.duration("timeout", c.timeout, DurationSign::Positive);
  m.distribution("think_seconds", c.think_seconds, DurationSign::NonNegative);
  FieldReader r = m.section("retry");
  RetrySpec& retry = c.retry;
  r.choice<RetryKind>("kind", retry.kind, kRetryKinds);
  r.whole("max_attempts", retry.max_attempts, 1, 1000);
  r.duration("base", retry.base);
  r.duration("cap", retry.cap);
  r.choice<Jitter>("jitter", retry.jitter, kJitters);
  r.number("budget_ratio", retry.budget_ratio, kProbability);
  r.number("throttle_k", retry.throttle_k, kNonNegative);
  r.duration("throttle_window", retry.throttle_window, DurationSign::Positive);
  if (retry.base > retry.cap)
    add_issue(r, "cap", "found a cap below the base delay; allowed: cap >= base");
}

void read_server(FieldReader m, ServerSpec& s) {
  read_named_list<TierSpec>(m, "tiers", s.tiers, [](FieldReader& item, TierSpec& tier) {
    item.whole("workers", tier.workers, 1);
    item.choice<QueueDisciplineSpec>("discipline", tier.discipline, kDisciplines);
    if (const SourceNode* limit = item.take("queue_limit")) {
      if (limit->kind == SourceNode::Kind::Scalar && limit->text == "unbounded") {
        tier.queue_limit.reset();
      } else if (const auto n = read_whole(*limit, item.path_of("queue_limit"), 0,
                                           1'000'000'000'000LL, item.issues())) {
        tier.queue_limit = static_cast<std::size_t>(*n);
      }
    }
    item.duration("server_timeout", tier.server_timeout);
    item.boolean("drop_abandoned", tier.drop_abandoned);
  });

  std::vector<std::string_view> tier_names;
  std::string tier_list;
  for (const TierSpec& t : s.tiers) {
    tier_names.push_back(t.name);
    tier_list += (tier_list.empty() ? "" : ", ") + t.name;
  }
  const auto defined = [&](const std::string& tier) {
    return tier_names.empty() ||
           std::find(tier_names.begin(), tier_names.end(), tier) != tier_names.end();
  };
  std::string undefined_defaults;  // request types left on the default tier, which does not exist
  const std::string default_tier = RequestCostSpec{}.tier;
  FieldReader requests = m.section("requests");
  for (const auto& [name, type] : kRequestTypes) {
    RequestCostSpec& cost = s.requests[static_cast<std::size_t>(type)];
    FieldReader r = requests.section(name);
    const bool written = r.text("tier", cost.tier, false);
    r.distribution("service_seconds", cost.service_seconds, DurationSign::NonNegative);
    if (defined(cost.tier)) continue;
    if (written)
      add_issue(r, "tier", "found tier '" + cost.tier + "', which server.tiers does not define; " +
                               "allowed: one of " + tier_list);
    else
      undefined_defaults += (undefined_defaults.empty() ? "" : ", ") + std::string(name);
  }
  if (!undefined_defaults.empty())
    add_issue(m, "tiers",
              "no tier is named '" + default_tier + "', the default tier of requests " +
                  undefined_defaults + "; allowed: a tier named '" + default_tier +
                  "', or server.requests.<type>.tier set to one of " + tier_list);

  std::vector<CapacityEvent> events;
  if (m.list("capacity_events", [&](FieldReader& item) {
        CapacityEvent event;
        item.duration("at", event.at);
        item.duration("duration", event.duration, DurationSign::Positive);
        item.number("workers_factor", event.workers_factor, kNonNegative);
        events.push_back(event);
      }))
    s.capacity_events = std::move(events);
}

Scenario read_scenario(const SourceNode& root, const std::filesystem::path& file, Issues& issues) {
  Scenario s = default_scenario();
  s.name = file.stem().string();
  s.source_file = file.lexically_normal().string();
  if (root.kind == SourceNode::Kind::Null) return s;  // an empty file: all defaults
  if (root.kind != SourceNode::Kind::Map) {
    issues.push_back(make_issue(root.place, "",
                                "found " + describe(root) +
                                    "; allowed: a map of sections (name, calendar, supply, ...)"));
    return s;
  }
  FieldReader top(&root, "", root.place, issues);
  top.take("extends");  // consumed by read_scenario_tree; known here for "did you mean"
  top.text("name", s.name, false);
  top.text("description", s.description);
  top.seed("seed", s.seed);
  read_calendar(top.section("calendar"), s.calendar);
  read_supply(top.section("supply"), s.supply);
  read_allocation(top.section("allocation"), s.allocation);
  read_waiting_room(top.section("waiting_room"), s.waiting_room);
  read_population(top.section("population"), s.population);
  read_client(top.section("client"), s.client);
  read_server(top.section("server"), s.server);
  top.section("output").duration("series_interval", s.output.series_interval,
                                 DurationSign::Positive);
  return s;
}

// The file asked for first, then its bases in the order their issues appear; by place in each.
void sort_by_place(const std::string& top_file, Issues& issues) {
  std::vector<std::string> files{top_file};
  for (const ScenarioIssue& i : issues)
    if (std::find(files.begin(), files.end(), i.file) == files.end()) files.push_back(i.file);
  const auto rank = [&](const ScenarioIssue& i) {
    return std::tuple(std::find(files.begin(), files.end(), i.file) - files.begin(), i.line,
                      i.column);
  };
  std::stable_sort(issues.begin(), issues.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
}

Scenario parse(const std::filesystem::path& file, Issues& issues) {
  return scenario_from_tree(read_scenario_tree(file, issues), file, issues);
}

std::string join_issues(const std::vector<ScenarioIssue>& issues) {
  std::vector<std::string> lines;
  for (const ScenarioIssue& i : issues) lines.push_back(format_issue(i));
  return fmt::format("{}", fmt::join(lines, "\n"));
}

}  // namespace

namespace scenario_detail {
Scenario scenario_from_tree(std::optional<SourceNode> root, const std::filesystem::path& file, Issues& issues) {
  Scenario s = root ? read_scenario(*root, file, issues) : default_scenario();
  sort_by_place(file.lexically_normal().string(), issues);
  return s;
}
}  // namespace scenario_detail

std::string format_issue(const ScenarioIssue& issue) {
  std::string place = issue.file;
  if (issue.line > 0) place = fmt::format("{}:{}:{}", issue.file, issue.line, issue.column);
  if (issue.field_path.empty()) return fmt::format("{}: {}", place, issue.message);
  return fmt::format("{}: {}: {}", place, issue.field_path, issue.message);
}

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : std::invalid_argument(join_issues(issues)), issues_(std::move(issues)) {}

Scenario load_scenario(const std::filesystem::path& file) {
  Issues issues;
  Scenario s = parse(file, issues);
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return s;
}

std::vector<ScenarioIssue> validate_scenario_file(const std::filesystem::path& file) {
  Issues issues;
  parse(file, issues);
  return issues;
}

}  // namespace slotrush
