package com.chatcrm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of a node's {@code /metrics} (Prometheus text), by series as printed, e.g. {@code
 * vertx_pool_queue_time_seconds_sum{pool_name="crm-db",pool_type="sql"}}: what the node itself
 * measured, free of the load generator's and the machine's share of a latency.
 */
record ServerMetrics(Map<String, Double> series) {

  // HTTP/1.1: the JDK client's default h2c upgrade once left a scrape hanging past its own timeout
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** The node's metrics now; empty when it does not answer. */
  static ServerMetrics scrape(ServerProcess server) {
    Map<String, Double> out = new HashMap<>();
    try {
      String text =
          HTTP.sendAsync(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .get(10, TimeUnit.SECONDS)
              .body();
      for (String line : text.split("\n")) {
        int space = line.lastIndexOf(' ');
        if (!line.startsWith("#") && space > 0) {
          try {
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
          } catch (NumberFormatException e) {
            // a series with an exemplar or timestamp: not one we read
          }
        }
      }
    } catch (Exception e) {
      // not answering: no figures from it
    }
    return new ServerMetrics(out);
  }

  /** The sum over every series of {@code name} whose labels contain {@code labelPart}. */
  double sum(String name, String labelPart) {
    return series.entrySet().stream()
        .filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(labelPart))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /**
   * Mean of a timer or summary between two scrapes ({@code _sum}/{@code _count}), in ms; NaN when
   * nothing ran.
   */
  double meanMsSince(ServerMetrics before, String name, String labelPart) {
    double count = sum(name + "_count", labelPart) - before.sum(name + "_count", labelPart);
    double sum = sum(name + "_sum", labelPart) - before.sum(name + "_sum", labelPart);
    return count <= 0 ? Double.NaN : sum / count * 1000;
  }
}
