package com.chatcrm.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonArray;
import java.util.concurrent.TimeoutException;

/**
 * The answers a load generator counted: 2xx, other statuses, timeouts, other errors, and the first
 * few failures as text. Used on one event loop, so no locking.
 */
final class Outcomes {

  long ok;
  long non2xx;
  long errors;
  long timeouts;
  final JsonArray firstErrors = new JsonArray();

  static boolean succeeded(AsyncResult<Integer> status) {
    return status.succeeded() && status.result() / 100 == 2;
  }

  /** Counts one answer: its HTTP status, or why there was none. True when it was a 2xx. */
  boolean count(AsyncResult<Integer> status) {
    if (succeeded(status)) {
      ok++;
      return true;
    }
    String what;
    if (status.succeeded()) {
      non2xx++;
      what = "HTTP " + status.result();
    } else if (status.cause() instanceof TimeoutException
        || String.valueOf(status.cause().getMessage()).toLowerCase().contains("timeout")) {
      timeouts++;
      what = "timeout: " + status.cause().getMessage();
    } else {
      errors++;
      what = status.cause().toString();
    }
    if (firstErrors.size() < 5) {
      firstErrors.add(what);
    }
    return false;
  }
}
