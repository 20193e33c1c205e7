"""Shared by the PyTorch reference benchmarks: steady-state time of one training step, the way
io.attendspark.jobs.bench.ModelBench times ours (warm-up first: at least the warm-up steps and at
least BENCH_WARMUP_SECONDS after the first step, default 5; then the mean of the timed steps)."""
import os
import time

WARMUP_SECONDS = float(os.environ.get("BENCH_WARMUP_SECONDS", "5"))


def ms_per_step(step, warmup, iters):
    """Runs step() at least warmup times and for WARMUP_SECONDS, then iters times, and returns the
    mean ms of the timed ones."""
    step()                       # the first step, then the clock (as ModelBench, after its graph build)
    start, done = time.perf_counter(), 1
    while done < warmup or time.perf_counter() - start < WARMUP_SECONDS:
        step()
        done += 1
    t = time.perf_counter()
    for _ in range(iters):
        step()
    return (time.perf_counter() - t) / iters * 1000


def ints(arg, default):
    """A comma-separated list of ints from the command line, or the default."""
    return [int(s) for s in (arg if arg is not None else default).split(",")]
