// The servers and the load generator hold one descriptor per connection: thousands in a launch run,
// past the common soft limit of 1,024. Raising the soft limit to the hard one, as a process may
// without privileges, lets `--connections` and `--max-connections` mean what they say.
#pragma once
#include <sys/resource.h>

namespace slotrush::cli {

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the soft limit now in force.
inline rlim_t raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return raised.rlim_cur;
  }
  return limit.rlim_cur;
}

}  // namespace slotrush::cli
