// The booking outcomes of the people who tried in one replication, grouped by adversary type and,
// for ordinary people, by party size, device class, number of devices, and party size x device
// class (the groups the fairness index is taken over).
#pragma once
#include <span>
#include <string>
#include <vector>

#include "sim/model/appointment_records.hpp"
#include "sim/results/run_result.hpp"

namespace slotrush {

// Days from registration to the booking's confirmation.
double days_waited(const appointment::Person& p);

std::vector<GroupOutcome> group_outcomes(std::span<const appointment::Person> people,
                                         const std::vector<std::string>& class_names);

}  // namespace slotrush
