// Kpi: the key performance indicators every run reports, simulated or measured, with their names,
// units and meanings in one table (docs/results-schema.md is generated from the same words).
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace slotrush {

enum class Kpi : std::size_t {
  SlotsOffered,
  SlotsBooked,
  SlotsLeftEmpty,
  SoldOutSeconds,
  PeopleTrying,
  PeopleBooked,
  BookingProbability,
  MeanDaysWaited,
  DailyWinProbability,
  Goodput,
  PeakGoodput,
  OfferedLoad,
  RequestSuccessRate,
  RequestTimeoutRate,
  RequestRejectRate,
  RetryAmplification,
  WastedWorkShare,
  FreezeSeconds,
  LatencyMean,
  LatencyP50,
  LatencyP99,
  FairnessJain,
  AttemptLatencyP99,  // added after the others: older results files lack it
  ConfirmedShare,     // added after AttemptLatencyP99: older results files lack it
  Count_,
};
inline constexpr std::size_t kKpiCount = static_cast<std::size_t>(Kpi::Count_);

struct KpiInfo {
  std::string_view name;  // snake_case, stable: used in results.json, compare and thresholds
  std::string_view unit;
  std::string_view meaning;
};

inline constexpr std::array<KpiInfo, kKpiCount> kKpiInfo{{
    {"slots_offered", "slots", "slots released over the horizon"},
    {"slots_booked", "slots", "slots held by a confirmed booking at the end"},
    {"slots_left_empty", "slots", "released slots whose date passed, or the run ended, unbooked"},
    {"sold_out_seconds", "s",
     "from the first release until no slot was open (mean over days that sold out; "
     "absent if none did)"},
    {"people_trying", "people", "registrants (incl. adversaries) who tried at least once"},
    {"people_booked", "people", "registrants who ended with a confirmed booking"},
    {"booking_probability", "ratio", "people_booked / people_trying"},
    {"mean_days_waited", "days", "mean days from registration to booking, over those booked"},
    {"daily_win_probability", "ratio",
     "lottery: mean over draws of the chance an entrant outside the seniority reserve is drawn"},
    {"goodput", "1/s", "mean useful responses per second (answered before the client's timeout)"},
    {"peak_goodput", "1/s", "highest useful responses in one series interval, per second"},
    {"offered_load", "1/s", "mean requests per second reaching the server, rejected ones included"},
    {"request_success_rate", "ratio", "attempts answered successfully in time / attempts"},
    {"request_timeout_rate", "ratio", "attempts the client gave up on (timeout or lost) / attempts"},
    {"request_reject_rate", "ratio", "attempts refused by the server (503) / attempts"},
    {"retry_amplification", "ratio", "attempts per useful response"},
    {"wasted_work_share", "ratio",
     "server busy time spent on attempts whose client had already given up / all busy time"},
    {"freeze_seconds", "s",
     "time in series intervals where most attempts that ended failed at the server (503, or a "
     "client timeout while the server had the request; network losses excluded)"},
    {"latency_mean", "s", "client-observed mean latency of useful answers (503s and timeouts excluded)"},
    {"latency_p50", "s", "client-observed median latency of useful answers (503s and timeouts excluded)"},
    {"latency_p99", "s",
     "client-observed 99th percentile latency of useful answers (503s and timeouts excluded)"},
    {"fairness_jain", "ratio",
     "Jain's index of booking probability across party-size x device-class groups (1 = equal)"},
    {"attempt_latency_p99", "s",
     "client-observed 99th percentile latency of every attempt that ended (503s included, a "
     "timeout counted at the client's timeout)"},
    {"confirmed_share", "ratio",
     "slots of holds that ended in a confirmed appointment / slots of every hold that ended "
     "(confirmed, refused, expired or let go); absent if no hold ended"},
}};

inline constexpr const KpiInfo& info(Kpi kpi) { return kKpiInfo[static_cast<std::size_t>(kpi)]; }

inline std::optional<Kpi> kpi_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKpiCount; ++i)
    if (kKpiInfo[i].name == name) return static_cast<Kpi>(i);
  return std::nullopt;
}

}  // namespace slotrush
