package com.chatcrm.gateway;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.chatcrm.engine.testing.Eventually;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {

  @Test
  @DisplayName(
      "a flood of refused callbacks is a few lines and one summary with counts, not a line each")
  void floodIsSummarized() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("refusal-log-test");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    Vertx vertx = Vertx.vertx();
    try {
      RefusalLog log = new RefusalLog(logger, "WeCom callbacks", 5, Duration.ofSeconds(1));
      for (int i = 0; i < 100; i++) {
        log.refused(vertx, i % 4 == 0 ? "stale_timestamp" : "bad_signature", "refused {}", i);
      }
      Eventually.within(Duration.ofSeconds(5)).as("six lines").until(() -> lines.list.size() >= 6);
      List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(messages)
          .hasSize(6)
          .startsWith("refused 0", "refused 1", "refused 2", "refused 3", "refused 4");
      assertThat(messages.get(5))
          .isEqualTo(
              "95 more WeCom callbacks refused in the last 1 s without a line each,"
                  + " by code: {bad_signature=72, stale_timestamp=23}");

      Thread.sleep(1100);
      log.refused(vertx, "bad_signature", "refused {}", "again");
      assertThat(lines.list.get(lines.list.size() - 1).getFormattedMessage())
          .as("a new window logs again")
          .isEqualTo("refused again");
    } finally {
      logger.detachAppender(lines);
      await(vertx.close());
    }
  }
}
