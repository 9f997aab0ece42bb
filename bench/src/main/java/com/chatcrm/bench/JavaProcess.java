package com.chatcrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM: the packaged server, the load generator or a bare baseline server. Separate
 * processes keep the load's own CPU and GC out of the measured JVM, as they would be in production.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Runs {@code mainClass} from the bench's own classpath. */
  public static JavaProcess main(
      String name,
      Path log,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return start(name, log, cmd, env);
  }

  /** Runs an executable jar. */
  public static JavaProcess jar(
      String name, Path log, List<String> jvmArgs, Path jar, Map<String, String> env)
      throws IOException {
    return jar(name, log, null, jvmArgs, jar, env);
  }

  /**
   * Runs an executable jar on the given CPUs only ({@code taskset -c}, e.g. "0" or "0-1"; null: any
   * CPU). taskset execs the JVM, so the process (and {@link #pid()}) is the JVM itself.
   */
  public static JavaProcess jar(
      String name, Path log, String cpus, List<String> jvmArgs, Path jar, Map<String, String> env)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.add(javaBinary());
    cmd.addAll(jvmArgs);
    cmd.add("-jar");
    cmd.add(jar.toString());
    return start(name, log, cmd, env);
  }

  private static JavaProcess start(String name, Path log, List<String> cmd, Map<String, String> env)
      throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new JavaProcess(name, pb.start(), log);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Resident set size from /proc (0 where there is no /proc). */
  public long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or this is not Linux: no figure
    }
    return 0;
  }

  /**
   * Waits for the process to end on its own; fails when it does not within {@code timeout} or exits
   * non-zero.
   */
  public void awaitExit(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(name + " did not finish within " + timeout + "; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; see " + log);
    }
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** SIGKILL now: a node dying mid-work. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
