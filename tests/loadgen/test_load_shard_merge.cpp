// Load shards merge exactly: three shards' measurements, written to load-shard.json and read back,
// merge into what one process recording every attempt would have measured: the same counts, the same
// histogram buckets (so the same percentiles, within 1/256 of the exact sample percentiles), the
// same rows per second. A bad set is refused by name.
#include <algorithm>
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "loadgen/load_shard_file.hpp"
#include "loadgen/load_shard_merge.hpp"
#include "sim/results/results.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kShards = 3, kSeconds = 4;

struct Recorded {
  std::vector<NamedLoadShard> shards;
  LoadRun whole;  // one process recording every attempt
  std::vector<std::uint64_t> answered_ns;
};

Recorded record_three_shards() {
  Recorded out;
  std::mt19937_64 rng(14);
  std::lognormal_distribution<double> latency_us(6.0, 1.2);  // ~400 us, a long tail
  const Clock::time_point t0{};
  std::vector<LoadRun> runs(kShards);
  std::vector<IntervalTally> whole_seconds(kSeconds);
  for (std::size_t s = 0; s < kShards; ++s) {
    RunMeasurements& m = runs[s].totals;
    const std::size_t route = m.route_index("/book");
    for (std::size_t second = 0; second < kSeconds; ++second) {
      for (int k = 0; k < 500 + 100 * static_cast<int>(s); ++k) {
        const auto ns = static_cast<std::int64_t>(latency_us(rng) * 1000.0);
        const Outcome o = k % 23 == 0 ? Outcome::http_5xx : k % 31 == 0 ? Outcome::timeout : Outcome::success;
        const Clock::time_point intended = t0 + std::chrono::seconds(second);
        m.record(route, o, intended, intended + 10us, intended + std::chrono::nanoseconds(ns));
        const std::size_t wr = out.whole.totals.route_index("/book");
        out.whole.totals.record(wr, o, intended, intended + 10us, intended + std::chrono::nanoseconds(ns));
        if (o != Outcome::timeout) out.answered_ns.push_back(static_cast<std::uint64_t>(ns));
      }
      if (s == 1) m.record_dropped(route);
      runs[s].seconds.push_back(SecondTally{second, m.interval(), s});
      whole_seconds[second].merge(m.interval());
      m.interval().reset();
    }
    runs[s].elapsed = std::chrono::seconds(kSeconds) + std::chrono::milliseconds(s);
    LoadShardFile f;
    f.producer = kProducer;
    f.share = LoadShare{s, kShards};
    f.start_at_wall_ns = 1'796'644'800'000'000'000;
    f.duration = "4s";
    f.description.mode = "constant rate";
    f.description.target = "http://127.0.0.1:8080/book";
    f.description.target_rate = 1800;
    f.description.threads = 1;
    f.run = runs[s];
    // Through the file, as `slotrush merge` reads it.
    out.shards.push_back({"s" + std::to_string(s), load_shard_from_json(load_shard_json(f))});
  }
  SeriesAccumulator series(1);
  for (std::size_t second = 0; second < kSeconds; ++second) series.add(second, whole_seconds[second], 0 + 1 + 2);
  out.whole.series = series.finish();
  return out;
}

}  // namespace

TEST_CASE("load shards merge into what one process recording every attempt measures", "[loadgen][shard]") {
  const Recorded r = record_three_shards();
  const MergedLoad merged = merge_load_shards(r.shards);
  const RunMeasurements& m = merged.run.totals;
  const RunMeasurements& w = r.whole.totals;
  CHECK(m.attempts() == w.attempts());
  for (const Outcome o : {Outcome::success, Outcome::http_5xx, Outcome::timeout}) CHECK(m.count(o) == w.count(o));
  CHECK(m.dropped() == kSeconds);  // shard 1 dropped one request a second
  CHECK(merged.description.threads == kShards);
  CHECK(merged.run.elapsed == std::chrono::seconds(kSeconds) + 2ms);  // the longest shard: they ran side by side
  for (const double p : {50.0, 90.0, 99.0, 99.9, 100.0}) {
    CHECK(m.latency().value_at_percentile(p) == w.latency().value_at_percentile(p));
    CHECK(m.service_time().value_at_percentile(p) == w.service_time().value_at_percentile(p));
    CHECK(m.result_latencies().attempts_us.value_at_percentile(p) == w.result_latencies().attempts_us.value_at_percentile(p));
  }
  CHECK(m.latency().mean() == Approx(w.latency().mean()).epsilon(1e-12));
  CHECK(m.latency().min() == w.latency().min());
  CHECK(m.latency().max() == w.latency().max());
  // Against the exact samples: nearest rank, within the histogram's 1/256.
  std::vector<std::uint64_t> sorted = r.answered_ns;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(sorted.size() == m.latency().count());
  for (const double p : {50.0, 90.0, 99.0}) {
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
    const double exact = static_cast<double>(sorted[rank - 1]);
    CHECK(std::abs(static_cast<double>(m.latency().value_at_percentile(p)) - exact) <= exact / 256.0 + 1);
  }
  // Each second: counts add, its percentiles come from the merged histograms, in_flight adds.
  REQUIRE(merged.run.series.size() == r.whole.series.size());
  for (std::size_t k = 0; k < kSeconds; ++k) {
    const SeriesRow& a = merged.run.series[k];
    const SeriesRow& b = r.whole.series[k];
    CHECK(a.offered == b.offered);
    CHECK(a.goodput == b.goodput);
    CHECK(a.rejected == b.rejected);
    CHECK(a.timeouts == b.timeouts);
    CHECK(a.in_flight == 3);
    CHECK(a.latency_p99 == b.latency_p99);
    CHECK(a.attempt_latency_p99 == b.attempt_latency_p99);
  }
}

TEST_CASE("a load shard set with a shard missing, twice or from another test is refused by name", "[loadgen][shard]") {
  Recorded r = record_three_shards();
  auto fails_with = [](const std::vector<NamedLoadShard>& set, const std::string& words) {
    try {
      merge_load_shards(set);
    } catch (const std::invalid_argument& e) {
      CHECK_THAT(e.what(), Catch::Contains(words));
      return;
    }
    FAIL("merged a bad set, expected: " << words);
  };
  fails_with({r.shards[0], r.shards[2]}, "shard 1/3 is missing");
  fails_with({r.shards[0], r.shards[1], r.shards[1], r.shards[2]}, "s1: shard 1 again");
  NamedLoadShard other = r.shards[2];
  other.name = "other";
  other.file.description.seed = 99;
  fails_with({r.shards[0], r.shards[1], other}, "other: from another study");
  other = r.shards[2];
  other.file.producer = "slotrush 0.0.1";
  fails_with({r.shards[0], r.shards[1], other}, "from another study");
}

TEST_CASE("a histogram read back from its buckets is the histogram, and a bad bucket is refused", "[loadgen][shard]") {
  LatencyHistogram h;
  for (std::uint64_t v : {3u, 250u, 1000u, 123456u, 99999999u}) h.record(v, v % 7 + 1);
  std::vector<LatencyHistogram::Bucket> buckets;
  h.for_each_bucket([&](std::uint64_t lower, std::uint64_t, std::uint64_t count) { buckets.push_back({lower, count}); });
  const LatencyHistogram back = LatencyHistogram::from_buckets(buckets, h.sum(), h.min(), h.max());
  CHECK(back.count() == h.count());
  CHECK(back.mean() == h.mean());
  for (const double p : {0.0, 10.0, 50.0, 99.0, 100.0}) CHECK(back.value_at_percentile(p) == h.value_at_percentile(p));
  CHECK_THROWS_AS(LatencyHistogram::from_buckets({{1001, 1}}, 1001, 1001, 1001), std::invalid_argument);
  CHECK_THROWS_AS(LatencyHistogram::from_buckets({{1000, 1}}, 1000, 5000, 1000), std::invalid_argument);
}
