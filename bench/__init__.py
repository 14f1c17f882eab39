"""Benchmarks. Run each as a module from the project root, e.g. `python -m bench.live_refresh`."""
