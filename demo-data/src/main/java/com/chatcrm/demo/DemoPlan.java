package com.chatcrm.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the tenant, in memory before any row is written, one entry per customer: its level,
 * owner, creation, pool state, and how many follow-ups, opportunities and contacts it gets. Derived
 * from the seed and the clock alone, so every table's writer sees the same customers.
 */
final class DemoPlan {

  static final long DAY = 86_400;
  static final long HOUR = 3_600;
  static final String[] LEVELS = {"potential", "intent", "deal", "lost"};
  private static final int[] LEVEL_WEIGHTS = {45, 30, 15, 10};
  // Released to the pool by hand; the pool rule reclaims many more (see the constructor).
  private static final int[] POOL_PERCENT = {10, 5, 0, 50};
  private static final float[] FOLLOW_UP_FACTOR = {1.0f, 1.5f, 1.3f, 0.6f};
  private static final float[] OPPORTUNITY_FACTOR = {0.25f, 0.8f, 1.0f, 0.5f};

  final DemoOrg org;
  final DemoSize size;
  final long seed;
  final long now;
  final long zoneOffset;
  final DemoNames names;

  // reps: per region the rep indexes, repeated by how many customers each rep tends to hold
  final int[][] repsByRegion;
  final long[] repUserId;

  final byte[] level;
  final boolean[] inPool;
  final int[] ownerRep;
  final long[] created;
  final long[] lastFollowUp;
  final long[] poolSince;
  final int[] followUps;
  final int[] opportunities;
  final int[] contacts;

  DemoPlan(
      DemoOrg org,
      DemoSize size,
      long seed,
      long now,
      long zoneOffset,
      DemoNames names,
      DemoTenantRules rules) {
    this.org = org;
    this.size = size;
    this.seed = seed;
    this.now = now;
    this.zoneOffset = zoneOffset;
    this.names = names;
    DemoNames.Parts parts = new DemoNames.Parts();
    int n = size.customers();
    int regions = DemoVocabulary.REGIONS.size();
    repUserId = org.reps.stream().mapToLong(DemoOrg.RepSeat::userId).toArray();
    List<List<Integer>> byRegion = new ArrayList<>();
    for (int r = 0; r < regions; r++) {
      byRegion.add(new ArrayList<>());
    }
    DemoRandom repRng = rng(1, 0);
    for (int i = 0; i < org.reps.size(); i++) {
      // Some reps hold three times as many customers as others.
      int weight = 1 + repRng.nextInt(3);
      for (int w = 0; w < weight; w++) {
        byRegion.get(org.reps.get(i).region()).add(i);
      }
    }
    List<Integer> everyone = new ArrayList<>();
    byRegion.forEach(everyone::addAll);
    repsByRegion = new int[regions][];
    for (int r = 0; r < regions; r++) {
      List<Integer> list = byRegion.get(r).isEmpty() ? everyone : byRegion.get(r);
      repsByRegion[r] = list.stream().mapToInt(Integer::intValue).toArray();
    }

    level = new byte[n];
    inPool = new boolean[n];
    ownerRep = new int[n];
    created = new long[n];
    lastFollowUp = new long[n];
    poolSince = new long[n];
    float[] fuWeight = new float[n];
    float[] oppWeight = new float[n];
    float[] contactWeight = new float[n];
    for (int i = 0; i < n; i++) {
      DemoRandom r = rng(2, i);
      names.decode(i, 0, false, parts);
      int region = DemoVocabulary.CITIES.get(parts.cityIndex).region();
      int l = r.pick(LEVEL_WEIGHTS);
      level[i] = (byte) l;
      inPool[i] = r.nextInt(100) < POOL_PERCENT[l];
      int[] candidates = repsByRegion[region];
      ownerRep[i] = candidates[r.nextInt(candidates.length)];
      created[i] = workTime(r, now - 1095 * DAY, now - HOUR);
      float activity = 0.3f + r.nextFloat() * 1.4f;
      // In proportion to the time the customer has been there, so that the team's activity per
      // day stays flat
      // instead of piling up on the customers created lately.
      float yearShare = (float) Math.min(1.0, (now - created[i]) / (365.0 * DAY));
      float oppShare = (float) Math.min(1.0, (now - created[i]) / (540.0 * DAY));
      fuWeight[i] = yearShare * (inPool[i] ? activity * 0.3f : activity * FOLLOW_UP_FACTOR[l]);
      oppWeight[i] = oppShare * (inPool[i] ? 0 : (0.3f + r.nextFloat()) * OPPORTUNITY_FACTOR[l]);
      contactWeight[i] = (0.2f + r.nextFloat()) * (inPool[i] ? 0.4f : 1.0f);
    }
    followUps = apportion(fuWeight, size.followUps());
    opportunities = apportion(oppWeight, size.opportunities());
    contacts = apportion(contactWeight, size.contacts());

    long[] times = new long[16];
    for (int i = 0; i < n; i++) {
      if (followUps[i] > times.length) {
        times = new long[followUps[i] * 2];
      }
      int k = followUpTimes(i, times);
      lastFollowUp[i] = k == 0 ? Long.MIN_VALUE : times[k - 1];
      int days = rules.reclaimDays[level[i]];
      long last = Math.max(created[i], lastFollowUp[i]);
      long deadline = days > 0 ? last + days * DAY : Long.MAX_VALUE;
      DemoRandom r = rng(3, i);
      if (deadline <= now) {
        // The rule would have reclaimed it at its deadline: a year under the rule fills the pool.
        inPool[i] = true;
        poolSince[i] = Math.min(now - 60, deadline + r.nextLong(DAY));
      } else if (inPool[i]) {
        // Released by its owner some time after the last activity.
        poolSince[i] = last + r.nextLong(Math.max(1, now - last));
      }
    }
  }

  /** The random stream {@code stream} at position {@code index}: one per table and row. */
  DemoRandom rng(int stream, long index) {
    return new DemoRandom(seed, stream, index);
  }

  /** The tenant's id, which every row carries. */
  long tenantId() {
    return org.tenantId;
  }

  /**
   * Splits {@code total} over the entries in proportion to their weights, exactly: the running sum
   * is rounded, and each entry takes the difference.
   */
  private static int[] apportion(float[] weights, long total) {
    int[] out = new int[weights.length];
    if (weights.length == 0 || total == 0) {
      return out;
    }
    double sum = 0;
    for (float w : weights) {
      sum += w;
    }
    if (sum == 0) {
      // No entry wants any (e.g. every customer in the pool): spread evenly.
      java.util.Arrays.fill(weights, 1f);
      sum = weights.length;
    }
    double running = 0;
    long given = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      long upTo =
          i == weights.length - 1
              ? total
              : Math.min(total, (long) Math.floor(total * (running / sum)));
      out[i] = (int) (upTo - given);
      given = upTo;
    }
    return out;
  }

  /**
   * The follow-up times of customer {@code i}, ascending, into {@code out}; returns how many.
   * Deterministic, so the plan and the follow-up pass see the same times: working hours on working
   * days, mostly, within the last year and after the customer's creation.
   */
  int followUpTimes(int i, long[] out) {
    int k = followUps[i];
    if (k == 0) {
      return 0;
    }
    DemoRandom r = rng(4, i);
    long hi = now - 60;
    long lo = Math.min(Math.max(created[i] + 600, now - 365 * DAY), hi - 1);
    for (int j = 0; j < k; j++) {
      out[j] = workTime(r, lo, hi);
    }
    java.util.Arrays.sort(out, 0, k);
    return k;
  }

  /**
   * A time in [lo, hi]: on a weekday four times out of five, then moved into 08:30-20:00 local if
   * that stays in range.
   */
  long workTime(DemoRandom r, long lo, long hi) {
    long span = Math.max(1, hi - lo + 1);
    long t = lo + r.nextLong(span);
    for (int attempt = 0; attempt < 3 && weekend(t) && r.nextInt(5) != 0; attempt++) {
      t = lo + r.nextLong(span);
    }
    long localDay = Math.floorDiv(t + zoneOffset, DAY);
    long w = localDay * DAY - zoneOffset + 30_600 + r.nextInt(41_400);
    return w >= lo && w <= hi ? w : t;
  }

  private boolean weekend(long t) {
    long localDay = Math.floorDiv(t + zoneOffset, DAY);
    return Math.floorMod(localDay + 3, 7) >= 5; // 1970-01-01 was a Thursday; 0 = Monday
  }
}
