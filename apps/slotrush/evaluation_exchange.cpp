#include "apps/slotrush/evaluation_exchange.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "sim/results/results_merge.hpp"

namespace slotrush::cli {

namespace fs = std::filesystem;

EvaluationExchange::EvaluationExchange(fs::path dir, ShardSpec shard, std::chrono::seconds timeout)
    : dir_(std::move(dir)), shard_(shard), timeout_(timeout) {
  fs::create_directories(dir_);
}

fs::path EvaluationExchange::file_of(std::size_t evaluation, std::size_t shard) const {
  return dir_ / fmt::format("evaluation-{:05}-shard-{}-of-{}.json", evaluation, shard, shard_.count);
}

Results EvaluationExchange::share(std::size_t evaluation, const std::string& point, const Results& mine) const {
  // Written whole under another name, then renamed: a reader never sees half a file.
  const fs::path file = file_of(evaluation, shard_.index);
  const fs::path partial = fs::path(file.string() + ".partial");
  {  // the point on the first line, then the shard's results.json as `sim --shard` writes it
    std::ofstream out(partial);
    out << point << '\n' << to_json(mine) << '\n';
    if (!out) throw std::runtime_error("calibrate: cannot write " + partial.string());
  }
  fs::rename(partial, file);

  std::vector<NamedResults> shards;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (std::size_t k = 0; k < shard_.count; ++k) {
    const fs::path theirs = file_of(evaluation, k);
    while (!fs::exists(theirs)) {
      if (std::chrono::steady_clock::now() > deadline)
        throw std::runtime_error(fmt::format(
            "calibrate --shard {}/{}: evaluation {}: shard {}/{} wrote nothing to {} within {} s; allowed: every shard "
            "running at once with the same --exchange folder (raise --exchange-timeout for slow evaluations)",
            shard_.index, shard_.count, evaluation, k, shard_.count, dir_.string(), timeout_.count()));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream in(theirs);
    std::string their_point;
    if (!std::getline(in, their_point)) throw std::runtime_error("calibrate: " + theirs.string() + ": not an evaluation shard file");
    if (their_point != point)
      throw std::runtime_error(fmt::format("calibrate: evaluation {}: shard {} evaluated {}, this shard {}; the shards' "
                                           "searches diverged (different flags or versions?)",
                                           evaluation, k, their_point, point));
    try {
      shards.push_back({theirs.string(), results_from_json(std::string(std::istreambuf_iterator<char>(in), {}))});
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("calibrate: " + theirs.string() + ": " + e.what());
    }
  }
  return merge_shards(std::move(shards));
}

}  // namespace slotrush::cli
