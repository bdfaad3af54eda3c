"""Benchmarks. Run ``make bench``; results go to ``bench/results/``. Never timed tests."""
