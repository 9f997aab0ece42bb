package com.chatcrm.demo;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the generator reports how far it got; called on the generator's own (blocking) thread. */
public interface DemoProgress {

  /** {@code done} of {@code total} rows of {@code step} written after {@code elapsed}. */
  void progress(String step, long done, long total, Duration elapsed);

  /** {@code step} finished: {@code rows} rows in {@code elapsed}. */
  void finished(String step, long rows, Duration elapsed);

  /** Rows per second, for messages. */
  static long rate(long rows, Duration elapsed) {
    long millis = Math.max(1, elapsed.toMillis());
    return rows * 1000 / millis;
  }

  /** One line per report through {@code out}, e.g. {@code System.out::println}. */
  static DemoProgress lines(Consumer<String> out) {
    return new DemoProgress() {
      @Override
      public void progress(String step, long done, long total, Duration elapsed) {
        out.accept(
            String.format(
                "%-36s %,12d / %,d rows  %,9d rows/s", step, done, total, rate(done, elapsed)));
      }

      @Override
      public void finished(String step, long rows, Duration elapsed) {
        out.accept(
            rows == 0
                ? String.format("%-36s done in %6.1f s", step, elapsed.toMillis() / 1000.0)
                : String.format(
                    "%-36s %,12d rows in %6.1f s  %,9d rows/s",
                    step, rows, elapsed.toMillis() / 1000.0, rate(rows, elapsed)));
      }
    };
  }

  /** Through SLF4J at INFO, logger {@code com.chatcrm.demo.DemoDataGenerator}. */
  static DemoProgress logging() {
    Logger log = LoggerFactory.getLogger(DemoDataGenerator.class);
    return lines(log::info);
  }
}
