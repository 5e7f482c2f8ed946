// SweepOutcome: what a finished parameter study holds (the axes, the points and each point's
// Results), and the ways it is written out: the terminal table, DIR/sweep.csv (tidy: one row per
// point, KPI and group) and DIR/sweep.json (what `slotrush report DIR` draws). docs/analysis.md
// describes the columns.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "apps/slotrush/sweep_grid.hpp"
#include "sim/results/kpi.hpp"
#include "sim/results/results.hpp"

namespace slotrush::cli {

struct SweepOutcome {
  std::string base_file;
  std::uint64_t seed = 0;
  std::size_t replications = 1;
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;
  std::vector<Results> results;  // one per point

  // "points/007": where a point's results.json and series.csv are, relative to the sweep's folder.
  static std::string point_dir(std::size_t index);
};

// One row per point: its values, then each KPI in `kpis` as format_estimate writes it.
void print_sweep_table(const SweepOutcome& sweep, const std::vector<Kpi>& kpis);

// Columns: point, one per varied field, kpi, group, mean, ci_low, ci_high, n. `group` is empty for
// a whole-run KPI and "dimension=label" (e.g. party_size=5) for booking_probability and
// mean_days_waited by group. An absent value is an empty cell; ci_low = ci_high = mean when n < 2.
void write_sweep_csv(const SweepOutcome& sweep, const std::filesystem::path& file);

// {"schema": "slotrush.sweep/1", "base", "seed", "replications", "fields": [...], "points": [{"point",
// "values": {field: value}, "dir", "kpis": {name: {mean, ci_low, ci_high, n}}, "groups": [...]}]}
// A sharded sweep (`--shard I/N`) adds "shard": {"index", "count"}; its points' results.json are shards.
std::string sweep_to_json(const SweepOutcome& sweep);

// Everything a sweep writes into `dir`: points/NNN/results.json and series.csv, sweep.csv, sweep.json.
void write_sweep_outputs(const SweepOutcome& sweep, const std::filesystem::path& dir);

// A sweep.json read back as the sweep it describes (base, seed, replications, axes, points; no
// results); std::runtime_error naming what is missing or of the wrong type.
SweepOutcome sweep_from_json(const std::string& text);

}  // namespace slotrush::cli
