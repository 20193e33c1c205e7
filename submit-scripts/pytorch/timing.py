"""Shared by the PyTorch reference benchmarks: steady-state time of one training step, the way
io.attendspark.jobs.bench.ModelBench times ours (warm-up steps first, then the mean of timed ones)."""
import time


def ms_per_step(step, warmup, iters):
    """Runs step() warmup times, then iters times, and returns the mean ms of the timed ones."""
    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(iters):
        step()
    return (time.perf_counter() - t) / iters * 1000


def ints(arg, default):
    """A comma-separated list of ints from the command line, or the default."""
    return [int(s) for s in (arg if arg is not None else default).split(",")]
