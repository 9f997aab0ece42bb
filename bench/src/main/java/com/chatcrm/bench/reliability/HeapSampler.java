package com.chatcrm.bench.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The service's heap in use, once a second, from {@code jstat -gc} (the JDK's own counters: no
 * endpoint of the service needed, so a closed /metrics does not blind it), and its live heap after
 * a forced GC, from jcmd.
 */
final class HeapSampler implements AutoCloseable {

  private final Process jstat;
  private final Thread reader;
  private volatile long peakBytes;
  private volatile int samples;

  private HeapSampler(long pid) throws IOException {
    jstat =
        new ProcessBuilder(tool("jstat"), "-gc", Long.toString(pid), "1000")
            .redirectErrorStream(true)
            .start();
    reader = new Thread(this::read, "heap-sampler");
    reader.setDaemon(true);
    reader.start();
  }

  static HeapSampler start(long pid) throws IOException {
    return new HeapSampler(pid);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
      String[] header = null;
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 0 && f[0].equals("S0C")) {
          header = f;
          continue;
        }
        if (header == null || f.length != header.length) {
          continue;
        }
        double kb = 0;
        for (int i = 0; i < f.length; i++) {
          if (header[i].equals("S0U")
              || header[i].equals("S1U")
              || header[i].equals("EU")
              || header[i].equals("OU")) {
            kb += Double.parseDouble(f[i]);
          }
        }
        peakBytes = Math.max(peakBytes, (long) (kb * 1024));
        samples++;
      }
    } catch (IOException | NumberFormatException e) {
      // the service is gone: the samples so far stand
    }
  }

  long peakBytes() {
    return peakBytes;
  }

  int samples() {
    return samples;
  }

  /** The heap still in use after a full GC (bytes), or -1 when jcmd could not say. */
  static long liveAfterGc(long pid) {
    try {
      run(tool("jcmd"), Long.toString(pid), "GC.run");
      String info = run(tool("jcmd"), Long.toString(pid), "GC.heap_info");
      // G1: " garbage-first heap   total 524288K, used 61234K [..."
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  @Override
  public void close() throws InterruptedException {
    jstat.destroy();
    reader.join(2000);
  }
}
