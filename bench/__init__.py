"""Benchmarks: ``make bench`` (``python -m bench``). Each part compares our code with a named
reference in the same process and reports the ratio; results go to bench/results.json."""
