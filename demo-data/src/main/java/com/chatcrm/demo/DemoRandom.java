package com.chatcrm.demo;

/**
 * A small SplitMix64 generator, one per generated row: seeded from (seed, stream, row number), so
 * any row can be regenerated on its own and two passes over the same rows see the same values.
 */
final class DemoRandom {

  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  DemoRandom(long seed, int stream, long index) {
    state = mix(mix(seed ^ (stream * 0xD1B54A32D192ED03L)) + index * GAMMA);
  }

  long nextLong() {
    return mix(state += GAMMA);
  }

  /** Uniform in [0, bound); {@code bound} must be positive. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /**
   * In [0, bound); {@code bound} must be positive. The modulo bias is far below what demo data
   * cares about.
   */
  long nextLong(long bound) {
    return Math.floorMod(nextLong(), bound);
  }

  float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** An index drawn with the given weights. */
  int pick(int[] weights) {
    int sum = 0;
    for (int w : weights) {
      sum += w;
    }
    int x = nextInt(sum);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
