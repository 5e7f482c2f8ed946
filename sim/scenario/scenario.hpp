// Scenario: the typed, validated, immutable description of one simulated or live appointment system:
// calendar, slot supply, allocation strategy, waiting room, population, client behaviour and server
// capacity. sim/scenario/scenario_loader builds it from YAML; the simulator, the mock server and the
// load generator all read it. Every field's unit, default and source are in docs/scenario-reference.md.
// Times of day are offsets from local midnight in the reference time zone; durations are SimTime
// nanoseconds; distributions are in seconds.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/random/distribution.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// ---- Requests a client makes (the CBP One flow) -----------------------------------------------
enum class RequestType : std::uint8_t {
  Login,          // log in, geolocation check
  Liveness,       // upload the liveness photo ("Genuine Presence")
  ListSlots,      // list open slots by port and date
  Book,           // book a slot (race)
  LotteryEntry,   // request a lottery entry for tomorrow's draw
  LotteryResult,  // read the draw's result
  Confirm,        // confirm an allocated appointment
};
inline constexpr std::size_t kRequestTypeCount = 7;
std::string_view to_string(RequestType type);
std::optional<RequestType> request_type_from_string(std::string_view name);

// ---- Calendar ---------------------------------------------------------------------------------
struct CalendarSpec {
  std::string reference_tz = "America/New_York";  // name, for reports
  int utc_offset_minutes = -300;                   // of the reference time zone (EST)
  std::string start_date = "2023-01-18";           // ISO date of simulated day 0
  int days = 1;                                    // horizon in days (>= 1)
};

// ---- Supply -----------------------------------------------------------------------------------
enum class SlotUnit : std::uint8_t { Person, Party };  // Person: a party of n needs n slots

struct PortSpec {
  std::string name;
  double share = 0.0;  // of daily_slots; shares sum to 1
};

struct SupplySpec {
  int daily_slots = 1450;
  int booking_horizon_days = 14;  // a day's release covers appointment dates up to this far ahead
  SlotUnit slot_unit = SlotUnit::Person;
  std::vector<PortSpec> ports;  // default: the 8 ports of shared/domain.md §6.2
};

// ---- Allocation -------------------------------------------------------------------------------
enum class AllocationStrategy : std::uint8_t { FirstComeRace, Lottery, WeightedLottery };

struct RaceSpec {
  SimTime release_time = 9 * kHour;  // time of day all of a day's slots appear at once
};

struct LotterySpec {
  SimTime window_open = 0;           // time of day requests open
  SimTime window_close = 23 * kHour; // time of day requests close (> window_open)
  SimTime draw_time = 12 * kHour;    // time of day, on the next day, the batch draw runs
  double senior_reserve_fraction = 0.5;  // share of slots to the longest-registered requesters
  double weight_per_day_waited = 0.0;    // WeightedLottery: weight = 1 + this * days waited
  int entries_per_identity = 1;
  bool duplicate_detection = false;      // drop Sybil registrations before the draw
};

struct ConfirmationSpec {
  bool required = true;
  double success_probability = 0.8;  // geolocation + liveness succeed at confirmation
  SimTime deadline = 23 * kHour;     // after allocation; unconfirmed slots are lost
};

struct AllocationSpec {
  AllocationStrategy strategy = AllocationStrategy::FirstComeRace;
  RaceSpec race;
  LotterySpec lottery;
  ConfirmationSpec confirmation;
};

// ---- Waiting room (Cloudflare's model) ----------------------------------------------------------
enum class QueueOrder : std::uint8_t { Fifo, Random };

struct WaitingRoomSpec {
  bool enabled = false;
  SimTime opens_before = 30 * kMinute;   // pre-queue opens this long before the release
  bool shuffle_at_open = true;           // pre-queue order is shuffled when the event starts
  QueueOrder order_after_open = QueueOrder::Fifo;
  double new_users_per_minute = 1000;    // admission rate (>= 200 in Cloudflare)
  int total_active_users = 0;            // concurrent admitted sessions; 0 = no cap
  SimTime session_duration = 5 * kMinute;
  SimTime poll_interval = 30 * kSecond;  // how often a queued client asks for its position
};

// ---- Population -------------------------------------------------------------------------------
struct WeightedCount {
  int value = 1;
  double weight = 1.0;
};

struct DeviceClassSpec {
  std::string name;
  double share = 1.0;
  SimTime rtt = 100 * kMillisecond;  // network round trip added to every request
  double loss = 0.0;                 // probability a request is lost (client times out)
};

// When each person starts trying on a day: anchor (the release for a race, with or without a waiting
// room; the window opening for a lottery) plus an offset drawn from `offset_seconds`, clipped to no
// earlier than `earliest` before the anchor. Behind a waiting room, starts before the pre-queue opens
// wait for it; a lottery's starts are kept inside the request window.
struct ArrivalSpec {
  Distribution offset_seconds = Normal(0.0, 20.0);
  SimTime earliest = 120 * kSecond;
};

struct SpeedBotSpec {
  int operators = 0;
  int devices_per_operator = 10;
  SimTime retry_interval = 200 * kMillisecond;
  SimTime rtt = 30 * kMillisecond;  // bots run close to the servers
  int slots_per_operator = 10;  // how many slots one operator tries to grab
};

struct SybilSpec {
  int actors = 0;
  int registrations_per_actor = 20;  // extra identities each actor enters in a lottery
};

struct AdversarySpec {
  SpeedBotSpec speed_bots;
  SybilSpec sybils;
};

// Open-loop background load: Poisson sessions of one request type at a rate that can spike.
struct LoadSpike {
  SimTime at = 0;        // since the start of the run
  SimTime duration = 0;
  double multiplier = 1.0;
};

struct BackgroundLoadSpec {
  double rate_per_second = 0.0;  // 0 = none
  RequestType request = RequestType::ListSlots;
  SimTime start = 0;
  SimTime end = 0;  // 0 = end of horizon
  std::vector<LoadSpike> spikes;
};

struct PopulationSpec {
  int initial_backlog = 0;  // registrants present on day 0
  SimTime initial_backlog_spread = 30 * kDay;  // their registration times, uniform over this past span
  int new_per_day = 0;      // new registrants each day
  ArrivalSpec arrival;
  std::vector<WeightedCount> party_sizes;         // default 1:45%, 2-3:35%, 4-6:20% (§6.3)
  std::vector<WeightedCount> devices_per_person;  // default 1:70%, 2:25%, 3:5% (§6.3)
  std::vector<DeviceClassSpec> device_classes;    // default one class "typical"
  double daily_return_probability = 1.0;  // a person who failed tries again the next day
  SimTime give_up_after = 10 * kMinute;   // per day: stop trying this long after starting
  int leave_after_days = 0;               // stop for good after this many failed days; 0 = never
  double liveness_fail_probability = 0.05;
  double geo_false_reject_probability = 0.02;
  AdversarySpec adversaries;
  BackgroundLoadSpec background;
};

// ---- Client behaviour -------------------------------------------------------------------------
enum class RetryKind : std::uint8_t { None, Immediate, Fixed, Exponential };
enum class Jitter : std::uint8_t { None, Full, Equal, Decorrelated };

struct RetrySpec {
  RetryKind kind = RetryKind::None;
  int max_attempts = 1;             // per request, including the first
  SimTime base = 100 * kMillisecond;
  SimTime cap = 20 * kSecond;
  Jitter jitter = Jitter::Full;
  double budget_ratio = 0.0;        // retries allowed while < this share of requests; 0 = off
  double throttle_k = 0.0;          // adaptive client throttling K; 0 = off
  SimTime throttle_window = 120 * kSecond;
};

struct ClientSpec {
  SimTime timeout = 10 * kSecond;                // per request
  Distribution think_seconds = Uniform(2.0, 5.0);  // a person's pause before trying again
  RetrySpec retry;
};

// ---- Server -----------------------------------------------------------------------------------
enum class QueueDisciplineSpec : std::uint8_t { Fifo, Lifo };

struct TierSpec {
  std::string name = "api";
  int workers = 50;
  QueueDisciplineSpec discipline = QueueDisciplineSpec::Fifo;
  std::optional<std::size_t> queue_limit;  // reject (503) when full; nullopt = unbounded
  SimTime server_timeout = 0;              // drop queued work older than this; 0 = never
  bool drop_abandoned = false;             // skip work whose client has already given up
};

struct RequestCostSpec {
  std::string tier = "api";
  Distribution service_seconds = Exponential(0.5);
};

struct CapacityEvent {
  SimTime at = 0;
  SimTime duration = 0;
  double workers_factor = 1.0;  // e.g. 0.7 for a 30% capacity drop
};

struct ServerSpec {
  std::vector<TierSpec> tiers;  // default: one tier "api"
  std::array<RequestCostSpec, kRequestTypeCount> requests;  // indexed by RequestType
  std::vector<CapacityEvent> capacity_events;
};

// ---- Output -----------------------------------------------------------------------------------
struct OutputSpec {
  SimTime series_interval = kSecond;  // time-series row width
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;  // the file it was loaded from (after `extends`)
  std::uint64_t seed = 1;
  CalendarSpec calendar;
  SupplySpec supply;
  AllocationSpec allocation;
  WaitingRoomSpec waiting_room;
  PopulationSpec population;
  ClientSpec client;
  ServerSpec server;
  OutputSpec output;

  SimTime horizon() const { return calendar.days * kDay; }
  const RequestCostSpec& cost(RequestType type) const {
    return server.requests[static_cast<std::size_t>(type)];
  }
};

// The defaults of shared/domain.md §6 that are lists (ports, party sizes, devices, one server tier).
Scenario default_scenario();

// Where a live run's clock starts by default (`slotrush serve` and `slotrush load` agree on it):
// shortly before the action of day 0, i.e. the race's release less the waiting room's pre-queue (or
// the arrivals' earliest offset), or the lottery's window opening.
SimTime default_live_start(const Scenario& scenario);

}  // namespace slotrush
