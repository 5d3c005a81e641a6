"""The benchmark harness (docs/benchmarks.md): generator, loader, runner, peers, limits."""
