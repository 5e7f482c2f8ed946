// The kernel's clock type lives in sim/time (a leaf shared with sim/domain, the mock and the load
// generator, which must not include the kernel); this header keeps kernel code's include short.
#pragma once
#include "sim/time/sim_time.hpp"
