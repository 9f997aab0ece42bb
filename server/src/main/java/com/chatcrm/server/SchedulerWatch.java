package com.chatcrm.server;

import com.chatcrm.engine.schedule.PassStatus;
import com.chatcrm.engine.schedule.PeriodicPass;
import com.chatcrm.engine.schedule.ReminderDispatchVerticle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Watches the schedulers for {@code /health} and {@code /metrics}: when each last finished a pass
 * well, how often passes failed or timed out, and how overdue the most overdue unpushed reminder
 * is. The reminder dispatcher counts as stalled (health DOWN) once it has gone {@link
 * #stalledAfter} without a good pass.
 */
final class SchedulerWatch {

  private final Duration stalledAfter;
  private volatile ReminderDispatchVerticle dispatch;
  private volatile List<PeriodicPass> schedulers = List.of();
  private MeterRegistry registry;

  /**
   * @param dispatchTick the reminder dispatcher's tick: a stall is judged against it
   */
  SchedulerWatch(Duration dispatchTick) {
    Duration thirtyTicks = dispatchTick.multipliedBy(30);
    this.stalledAfter =
        thirtyTicks.compareTo(Duration.ofMinutes(2)) > 0 ? thirtyTicks : Duration.ofMinutes(2);
  }

  /** The schedulers, once built (start-up builds them after the HTTP server listens). */
  void attach(ReminderDispatchVerticle dispatch, List<PeriodicPass> schedulers) {
    this.schedulers = List.copyOf(schedulers);
    this.dispatch = dispatch;
    if (registry != null) {
      registerEach(this.schedulers);
    }
  }

  /** The dispatcher's backlog gauge; each scheduler's own meters follow when it is attached. */
  void register(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("crm_reminders_oldest_due_seconds", this, w -> w.oldestDueSeconds())
        .description(
            "How long the most overdue reminder not yet pushed has been due (0: none waiting)")
        .register(registry);
  }

  private void registerEach(List<PeriodicPass> passes) {
    for (PeriodicPass p : passes) {
      String tag = p.status().name().toLowerCase(Locale.ROOT).replace(' ', '_');
      Gauge.builder(
              "crm_scheduler_last_success_age_seconds",
              p,
              x -> secondsSince(x.status().lastGoodOrStart()))
          .description(
              "Seconds since the scheduler last finished a pass well (since its start before the first)")
          .tag("scheduler", tag)
          .register(registry);
      FunctionCounter.builder("crm_scheduler_pass_failures", p, x -> x.status().failures())
          .description("Passes that failed or timed out")
          .tag("scheduler", tag)
          .register(registry);
      FunctionCounter.builder("crm_scheduler_pass_timeouts", p, x -> x.status().timeouts())
          .description("Passes given up on after their timeout")
          .tag("scheduler", tag)
          .register(registry);
    }
  }

  /**
   * The health of pushed work: DOWN when the reminder dispatcher has not finished a pass for too
   * long.
   */
  Status health() {
    ReminderDispatchVerticle d = dispatch;
    if (d == null) {
      return Status.KO(new JsonObject().put("reason", "starting"));
    }
    PassStatus own = d.status();
    JsonArray all = new JsonArray();
    for (PeriodicPass p : schedulers) {
      all.add(describe(p.status()));
    }
    Duration age = d.oldestDueAge();
    JsonObject data =
        new JsonObject()
            .put("reminderDispatch", describe(own))
            .put("oldestDueReminderSeconds", age == null ? null : age.toSeconds())
            .put("schedulers", all);
    boolean stalled =
        Duration.between(own.lastGoodOrStart(), Instant.now()).compareTo(stalledAfter) > 0;
    return stalled
        ? Status.KO(
            data.put(
                "reason",
                "reminder dispatch has not finished a pass for over "
                    + stalledAfter.toSeconds()
                    + " s"))
        : Status.OK(data);
  }

  private static JsonObject describe(PassStatus s) {
    return new JsonObject()
        .put("name", s.name())
        .put("lastSuccessAt", s.lastSuccessAt() == null ? null : s.lastSuccessAt().toString())
        .put("lastFailureAt", s.lastFailureAt() == null ? null : s.lastFailureAt().toString())
        .put("lastError", s.lastError())
        .put("consecutiveFailures", s.consecutiveFailures());
  }

  private double oldestDueSeconds() {
    ReminderDispatchVerticle d = dispatch;
    Duration age = d == null ? null : d.oldestDueAge();
    return age == null ? Double.NaN : age.toMillis() / 1000.0;
  }

  private static double secondsSince(Instant at) {
    return Duration.between(at, Instant.now()).toMillis() / 1000.0;
  }
}
