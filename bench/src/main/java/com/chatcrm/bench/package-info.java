/**
 * The benchmark harness ({@code bench/run.sh}): starts what a scenario needs (PostgreSQL, the
 * packaged server with its platform sandboxes, a load generator in its own JVM), measures each
 * scenario next to its baseline from the same run, and writes {@code docs/benchmarks.md} with the
 * raw results under {@code bench/results/}. Benchmarks are not tests: nothing here runs in the test
 * suite or in CI.
 */
package com.chatcrm.bench;
