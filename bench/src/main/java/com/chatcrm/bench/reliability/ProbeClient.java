package com.chatcrm.bench.reliability;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The mini-app API over loopback HTTP, as each probed user: a session from the sandbox's dev login
 * (the stand-in for the platforms' 免登), renewed once when the service answers 401.
 */
final class ProbeClient {

  /** An HTTP answer. */
  record Answer(int status, String body) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonObject json() {
      try {
        return new JsonObject(body);
      } catch (RuntimeException e) {
        return new JsonObject();
      }
    }
  }

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<Long, String> tokens = new HashMap<>();

  ProbeClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Answer call(ProbeUser user, String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    Answer a = send(method, path, body, token(user));
    if (a.status() == 401) {
      tokens.remove(user.userId());
      a = send(method, path, body, token(user));
    }
    return a;
  }

  private String token(ProbeUser user) throws IOException, InterruptedException {
    String known = tokens.get(user.userId());
    if (known != null) {
      return known;
    }
    Answer a =
        send(
            "POST",
            "/api/dev-login",
            new JsonObject()
                .put("platform", user.platform())
                .put("corpId", user.corpId())
                .put("userId", user.platformUserId()),
            null);
    if (a.status() != 200) {
      throw new IllegalStateException(
          "dev login of " + user.platformUserId() + " answered " + a.status() + " " + a.body());
    }
    String token = a.json().getString("token");
    tokens.put(user.userId(), token);
    return token;
  }

  private Answer send(String method, String path, JsonObject body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("content-type", "application/json")
          .method(
              method, HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r =
        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(r.statusCode(), r.body());
  }
}
