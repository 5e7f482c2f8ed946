#include "sim/model/group_outcomes.hpp"

#include <map>
#include <utility>

namespace slotrush {

using appointment::Person;

double days_waited(const Person& p) { return to_seconds(p.booked_at - p.registered_at) / 86400.0; }

std::vector<GroupOutcome> group_outcomes(std::span<const Person> people, const std::vector<std::string>& class_names) {
  std::map<std::pair<std::string, std::string>, GroupOutcome> groups;
  auto add = [&](const std::string& dim, const std::string& label, const Person& p) {
    GroupOutcome& g = groups[{dim, label}];
    g.dimension = dim;
    g.label = label;
    g.people += 1;
    if (p.state == PersonState::Booked) {
      g.booked += 1;
      g.days_waited_sum += days_waited(p);
    }
  };
  for (const Person& p : people) {
    if (!p.tried) continue;
    add("adversary", to_string(p.kind), p);
    if (p.kind != PersonKind::Regular) continue;
    add("party_size", std::to_string(p.party), p);
    add("device_class", class_names[p.device_class], p);
    add("devices", std::to_string(p.devices), p);
    add("party_size_x_device_class", std::to_string(p.party) + "/" + class_names[p.device_class], p);
  }
  std::vector<GroupOutcome> out;
  for (auto& [key, g] : groups) out.push_back(g);
  return out;
}

}  // namespace slotrush
