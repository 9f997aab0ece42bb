package com.chatcrm.sandbox;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API calls a sandbox answered, numbered, for the tests and the sandbox chat page. Only the
 * latest {@link #KEPT} are kept: a node under load (the benchmarks run the dev profile) answers
 * hundreds a second, and keeping every one grew the heap, and copying them all on each call (a
 * copy-on-write list) cost CPU.
 */
final class SandboxCallLog {

  static final int KEPT = 10_000;

  private final AtomicLong seq = new AtomicLong();
  private final Deque<SandboxCall> calls = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  void add(String platform, String method, String path, JsonObject body, JsonObject answer) {
    calls.addLast(
        new SandboxCall(
            seq.incrementAndGet(), platform, method, path, body, answer, Instant.now()));
    if (size.incrementAndGet() > KEPT && calls.pollFirst() != null) {
      size.decrementAndGet();
    }
  }

  List<SandboxCall> after(long afterSeq) {
    return calls.stream().filter(c -> c.seq() > afterSeq).toList();
  }

  List<SandboxCall> to(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).toList();
  }

  /** The number of the latest call (0 before any). */
  long lastSeq() {
    return seq.get();
  }
}
