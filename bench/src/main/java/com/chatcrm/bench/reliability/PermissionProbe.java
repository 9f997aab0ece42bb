package com.chatcrm.bench.reliability;

/**
 * Placeholder: helper D writes the permissions probe (randomized mini-app requests checked against an
 * independent oracle) with exactly this API; the merge takes D's version of this file.
 */
public final class PermissionProbe {

  /** markdown: the finished block for docs/reliability.md (without the marker lines). */
  public record Result(int requests, int leaks, int wrongWrites, java.util.List<String> examples, String markdown) {}

  private PermissionProbe() {}

  /**
   * baseUrl: http://127.0.0.1:PORT of a running dev-profile (sandbox) service; databaseUrl: its database as
   * postgresql://user@host:port/db; seed: for the random choices.
   */
  public static Result run(String baseUrl, String databaseUrl, int requests, long seed) throws Exception {
    throw new UnsupportedOperationException("the permissions probe is not in this branch yet");
  }
}
