"""Benchmarks for `make bench`: loader throughput, build times and Lighthouse scores."""
