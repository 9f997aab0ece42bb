package com.chatcrm.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One run's timed steps, and its progress reports every so many rows of a table. */
final class DemoSteps {

  private final DemoProgress progress;
  private final int progressEvery;
  private final List<DemoResult.Step> steps = new ArrayList<>();

  DemoSteps(DemoProgress progress, int progressEvery) {
    this.progress = Objects.requireNonNull(progress, "progress");
    this.progressEvery = Math.max(1, progressEvery);
  }

  /** Records the step that started at {@code startedNanos} ({@link System#nanoTime()}). */
  void finished(String name, long rows, long startedNanos) {
    Duration d = Duration.ofNanos(System.nanoTime() - startedNanos);
    steps.add(new DemoResult.Step(name, rows, d));
    progress.finished(name, rows, d);
  }

  /** Reports {@code done} of {@code total} rows of {@code table}, every {@code progressEvery}. */
  void report(String table, long done, long total, long startedNanos) {
    if (done % progressEvery == 0) {
      progress.progress(table, done, total, Duration.ofNanos(System.nanoTime() - startedNanos));
    }
  }

  List<DemoResult.Step> all() {
    return List.copyOf(steps);
  }
}
