package com.chatcrm.demo;

import java.util.Locale;

/**
 * How much demo data to generate. Managers (one per department, 22 in all with the admin) come on
 * top of {@code reps}; stage moves (about three per opportunity) and collaborators (about 2 % of
 * private customers) follow from the other counts.
 *
 * @param reminders how many follow-ups get a next follow-up time and with it a reminder; at most
 *     {@code followUps}
 */
public record DemoSize(
    int reps, int customers, int opportunities, int followUps, int reminders, int contacts) {

  public DemoSize {
    if (reps < 1) {
      throw new IllegalArgumentException("at least one rep");
    }
    if (customers < 0 || opportunities < 0 || followUps < 0 || reminders < 0 || contacts < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (customers == 0 && (opportunities > 0 || followUps > 0 || contacts > 0)) {
      throw new IllegalArgumentException("opportunities, follow-ups and contacts need customers");
    }
    if (reminders > followUps) {
      throw new IllegalArgumentException(
          "every reminder comes from a follow-up: reminders <= followUps");
    }
  }

  /**
   * The benchmark tenant: 200 reps, 1,000,000 customers, 300,000 opportunities, 5,000,000
   * follow-ups.
   */
  public static DemoSize full() {
    return new DemoSize(200, 1_000_000, 300_000, 5_000_000, 100_000, 500_000);
  }

  /** A tenth of {@link #full()}, for a laptop: about half a minute. */
  public static DemoSize medium() {
    return new DemoSize(60, 100_000, 30_000, 500_000, 10_000, 50_000);
  }

  /** The sandbox's tenant: enough to browse and search, generated in seconds. */
  public static DemoSize small() {
    return new DemoSize(20, 5_000, 1_500, 25_000, 1_000, 2_500);
  }

  /** For tests. */
  public static DemoSize tiny() {
    return new DemoSize(8, 600, 180, 3_000, 120, 300);
  }

  /** {@code full}, {@code medium}, {@code small} or {@code tiny}. */
  public static DemoSize named(String preset) {
    return switch (preset.toLowerCase(Locale.ROOT)) {
      case "full" -> full();
      case "medium" -> medium();
      case "small" -> small();
      case "tiny" -> tiny();
      default ->
          throw new IllegalArgumentException(
              "unknown size '" + preset + "': use full, medium, small or tiny");
    };
  }
}
