#!/usr/bin/python3
"""mmc_simpy: benchmark peer. An M/M/c queue written idiomatically in SimPy, for comparison
with slotrush's process-style models.

Written against the SimPy 2 API, because that is what Debian ships (python3-simpy 2.3.1, module
``SimPy``, installed for Debian's /usr/bin/python3 only -- a pyenv/venv python will not see it):
a Source process generates customers with Exp(lam) interarrival times; each Customer process
does ``request`` on a shared ``Resource(capacity=servers)``, holds Exp(mu) service time, then
``release``s, recording its queue wait (time granted - time arrived). Only ``simulate()`` is timed
(time.perf_counter wall time, plus process CPU time); peak RSS is from resource.getrusage
(ru_maxrss, KiB on Linux).

Defaults: lam=9, mu=1, servers=10, 200,000 customers; the Erlang C mean wait for these is
0.668732 (printed as "erlang_c_wait" for comparison; the run starts empty, so a slightly low
sample mean is expected).

Usage:  /usr/bin/python3 bench/peers/mmc_simpy.py [--lam 9] [--mu 1] [--servers 10]
                                                  [--customers 200000] [--seed 1]
Output: one JSON line on stdout.
"""

import argparse
import json
import math
import random
import resource
import sys
import time

try:
    import SimPy
    from SimPy.Simulation import Process, Resource, Simulation, hold, release, request
except ImportError:
    sys.exit("mmc_simpy: SimPy 2 not importable; apt-get install python3-simpy "
             "and run with /usr/bin/python3")


def erlang_c_wait(lam, mu, c):
    """Mean queueing delay Wq of M/M/c (Erlang C formula)."""
    a = lam / mu
    rho = a / c
    if rho >= 1.0:
        return math.inf
    term, total = 1.0, 1.0  # a^k/k! for k = 0 .. c-1, summed
    for k in range(1, c):
        term *= a / k
        total += term
    top = term * a / c / (1.0 - rho)  # a^c / c! / (1 - rho)
    p_wait = top / (total + top)
    return p_wait / (c * mu - lam)


class Customer(Process):
    def visit(self, server, rng, mu, waits):
        arrived = self.sim.now()
        yield request, self, server
        waits.append(self.sim.now() - arrived)
        yield hold, self, rng.expovariate(mu)
        yield release, self, server


class Source(Process):
    def generate(self, count, server, rng, lam, mu, waits):
        sim = self.sim
        for i in range(count):
            c = Customer(name="c%d" % i, sim=sim)
            sim.activate(c, c.visit(server, rng, mu, waits))
            yield hold, self, rng.expovariate(lam)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--lam", type=float, default=9.0)
    p.add_argument("--mu", type=float, default=1.0)
    p.add_argument("--servers", type=int, default=10)
    p.add_argument("--customers", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()

    rng = random.Random(args.seed)
    waits = []
    sim = Simulation()
    sim.initialize()
    server = Resource(capacity=args.servers, name="servers", sim=sim)
    src = Source(name="source", sim=sim)
    sim.activate(src, src.generate(args.customers, server, rng, args.lam, args.mu, waits))

    c0, t0 = time.process_time(), time.perf_counter()
    sim.simulate(until=math.inf)
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0  # beside wall time: the machine may be shared

    if len(waits) != args.customers:
        sys.exit("mmc_simpy: %d customers served, expected %d" % (len(waits), args.customers))
    print(json.dumps({
        "peer": "simpy-" + SimPy.__version__,
        "customers": args.customers,
        "seconds": round(seconds, 6),
        "customers_per_second": round(args.customers / seconds, 1),
        "cpu_seconds": round(cpu_seconds, 6),
        "mean_wait": sum(waits) / len(waits),
        "erlang_c_wait": erlang_c_wait(args.lam, args.mu, args.servers),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
