package com.chatcrm.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Builds the {@link CrmConfig} from layers, later ones winning: the profile's YAML shipped on the
 * classpath, an optional external YAML file ({@code CRM_CONFIG_FILE}), environment variables
 * ({@code CRM_HTTP_PORT}, ...) and system properties ({@code -Dcrm.http.port=...}).
 *
 * <p>Written by hand rather than with vertx-config: it must run before Vert.x exists, so that a bad
 * setting ends start-up with one line and nothing else started.
 */
public final class ConfigLoader {

  /** The profiles shipped in {@code config/crm-<profile>.yaml}. */
  public static final List<String> PROFILES = List.of("dev", "prod");

  static final List<Setting> SETTINGS =
      List.of(
          new Setting("http.host", "address the HTTP server binds"),
          new Setting("http.port", "HTTP port; 0 picks a free one"),
          new Setting("http.shutdownGraceSeconds", "how long a stop waits for in-flight requests"),
          new Setting(
              "http.publicUrl", "the URL users reach the service by, for links in messages"),
          new Setting("db.url", "postgresql://user:password@host:5432/database; empty = embedded"),
          new Setting("db.poolSize", "connections in the pool"),
          new Setting("db.embedded.dataDir", "data directory of the embedded PostgreSQL"),
          new Setting("db.embedded.port", "port of the embedded PostgreSQL; 0 picks a free one"),
          new Setting("sandbox.enabled", "serve the DingTalk/WeCom sandbox"),
          new Setting(
              "sandbox.companies",
              "register the sandbox companies as tenants at start (false: register them with"
                  + " `tenant add`)"),
          new Setting(
              "wecom.apiBaseUrl", "WeCom API base URL, or 'sandbox' for the built-in stand-in"),
          new Setting("dingtalk.apiBaseUrl", "DingTalk new API base URL, or 'sandbox'"),
          new Setting("dingtalk.oapiBaseUrl", "DingTalk legacy oapi base URL, or 'sandbox'"),
          new Setting(
              "smtp.host", "SMTP server for reminders and reports by mail; empty = no mail"),
          new Setting("smtp.port", "SMTP port"),
          new Setting("smtp.from", "sender address of our mail"),
          new Setting("smtp.username", "SMTP login; empty = none"),
          new Setting("smtp.password", "SMTP password (environment only: CRM_SMTP_PASSWORD)"),
          new Setting("smtp.startTls", "upgrade the SMTP connection with STARTTLS"),
          new Setting(
              "miniapp.sessionKey", "signs mini-app sessions; 32+ characters (environment only)"),
          new Setting("miniapp.sessionTtlMinutes", "how long a mini-app login lasts"),
          new Setting("reminders.tickMillis", "how often due reminders are looked for"),
          new Setting(
              "reminders.perTenantPerMinute",
              "messages a tenant is pushed per minute at most, all nodes together"),
          new Setting(
              "reminders.perUserPerMinute",
              "messages one user is pushed per minute at most; more due become a digest"),
          new Setting("reminders.burst", "messages a quiet tenant may be pushed at once"),
          new Setting(
              "reminders.leaseSeconds",
              "after this a reminder claimed by a stopped node is taken up again"),
          new Setting(
              "reports.dailyAt",
              "tenant-local time (HH:mm) managers get their 日报, unless the tenant set its own"),
          new Setting(
              "reports.weeklyAt", "tenant-local time (HH:mm) on Mondays managers get their 周报"),
          new Setting(
              "directory.nightlyAt",
              "tenant-local time (HH:mm) of the nightly full directory sync, unless the tenant"
                  + " set its own"),
          new Setting(
              "leads.reclaimAfterDays",
              "days an owned lead may stay 未处理 after it was assigned before it returns to the"
                  + " 线索池"),
          new Setting(
              "management.token",
              "bearer token for /metrics and /health details; 32+ characters"
                  + " (environment only); empty = open in dev, closed in prod"),
          new Setting(
              "secrets.masterKey",
              "base64 of 32 bytes sealing the secrets stored in the database (environment only);"
                  + " required in prod"),
          new Setting(
              "secrets.previousKeys",
              "master keys still accepted for reading during a rotation, comma-separated"),
          new Setting(
              "operator.token",
              "bearer token of the operator API (/operator/...); 32+ characters (environment"
                  + " only); empty = the API is off"));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, String> env;
  private final Properties properties;

  public ConfigLoader(Map<String, String> env, Properties properties) {
    this.env = env;
    this.properties = properties;
  }

  /** Loads the configuration of this process: its environment and system properties. */
  public static CrmConfig fromEnvironment() {
    return new ConfigLoader(System.getenv(), System.getProperties()).load();
  }

  /** Reads and validates every layer; throws {@link ConfigException} on the first bad setting. */
  public CrmConfig load() {
    String profile = profile();
    Map<String, Value> values = new LinkedHashMap<>();
    String shipped = "config/crm-" + profile + ".yaml";
    flatten(parseClasspath(shipped), "", shipped, values);
    externalFile().ifPresent(file -> flatten(parseFile(file), "", file.toString(), values));
    for (Setting setting : SETTINGS) {
      String fromEnv = env.get(setting.envName());
      if (fromEnv != null) {
        values.put(setting.key(), new Value(fromEnv, setting.envName()));
      }
      String fromProperty = properties.getProperty(setting.propertyName());
      if (fromProperty != null) {
        values.put(setting.key(), new Value(fromProperty, "-D" + setting.propertyName()));
      }
    }
    return build(profile, new Values(values));
  }

  private String profile() {
    String profile = properties.getProperty("crm.profile", env.getOrDefault("CRM_PROFILE", "dev"));
    if (!PROFILES.contains(profile.trim())) {
      throw new ConfigException(
          "profile (CRM_PROFILE)",
          "unknown profile '" + profile + "'; known profiles: " + String.join(", ", PROFILES));
    }
    return profile.trim();
  }

  private Optional<Path> externalFile() {
    String name = properties.getProperty("crm.config.file", env.get("CRM_CONFIG_FILE"));
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(name.trim()));
    } catch (InvalidPathException e) {
      throw new ConfigException("config file (CRM_CONFIG_FILE)", "'" + name + "' is not a path");
    }
  }

  private static JsonNode parseClasspath(String resource) {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(resource, "missing from the classpath (a broken build?)");
      }
      return YAML.readTree(in);
    } catch (JsonProcessingException e) {
      throw malformed(resource, e);
    } catch (IOException e) {
      throw new ConfigException(resource, "cannot be read: " + e.getMessage());
    }
  }

  private static JsonNode parseFile(Path file) {
    String name = "config file " + file + " (CRM_CONFIG_FILE)";
    try {
      return YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw malformed(name, e);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, "no such file");
    } catch (IOException e) {
      throw new ConfigException(name, "cannot be read: " + e.getMessage());
    }
  }

  private static ConfigException malformed(String source, JsonProcessingException e) {
    String problem = yamlProblem(e.getOriginalMessage());
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0
            ? ""
            : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new ConfigException(source, "malformed YAML" + where + ": " + problem);
  }

  /** SnakeYAML explains over several lines with an excerpt; keep its sentences, on one line. */
  private static String yamlProblem(String text) {
    if (text == null) {
      return "unreadable";
    }
    String sentences =
        text.lines()
            .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
            .map(String::strip)
            .collect(Collectors.joining("; "));
    return sentences.isEmpty() ? text.strip().lines().findFirst().orElse("unreadable") : sentences;
  }

  private static void flatten(JsonNode node, String prefix, String source, Map<String, Value> out) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return; // an empty file sets nothing
    }
    if (!node.isObject()) {
      throw new ConfigException(
          prefix.isEmpty() ? source : prefix, "expected a mapping of settings (in " + source + ")");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(value, key, source, out);
      } else if (SETTINGS.stream().noneMatch(s -> s.key().equals(key))) {
        throw new ConfigException(
            key,
            "unknown setting in "
                + source
                + "; known settings: "
                + SETTINGS.stream().map(Setting::key).collect(Collectors.joining(", ")));
      } else if (value.isContainerNode()) {
        throw new ConfigException(key, "expected a single value (in " + source + ")");
      } else {
        out.put(key, new Value(value.isNull() ? "" : value.asText(), source));
      }
    }
  }

  private static CrmConfig build(String profile, Values v) {
    HttpConfig http =
        new HttpConfig(
            v.text("http.host"),
            v.integer("http.port", 0, 65535),
            Duration.ofSeconds(v.integer("http.shutdownGraceSeconds", 0, 3600)),
            v.optionalText("http.publicUrl")
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u));
    http.publicUrl()
        .ifPresent(
            u -> {
              if (!u.matches("https?://[^\\s/]+(/.*)?")) {
                throw new ConfigException(
                    "http.publicUrl",
                    "'" + u + "' is not an http(s) URL (" + v.source("http.publicUrl") + ")");
              }
            });
    Optional<String> url = v.optionalText("db.url");
    url.ifPresent(u -> checkDatabaseUrl(u, v.source("db.url")));
    if (url.isEmpty() && profile.equals("prod")) {
      throw new ConfigException(
          "db.url",
          "required in the prod profile (set CRM_DB_URL=postgresql://user:password@host:5432/crm)");
    }
    DatabaseConfig db =
        new DatabaseConfig(
            url,
            v.integer("db.poolSize", 1, 200),
            v.path("db.embedded.dataDir"),
            v.integer("db.embedded.port", 0, 65535));
    SandboxConfig sandbox =
        new SandboxConfig(v.bool("sandbox.enabled"), v.bool("sandbox.companies"));
    if (sandbox.enabled() && profile.equals("prod")) {
      // the sandbox mints admin sessions for anyone (dev-login) and serves stand-in platforms:
      // never in production
      throw new ConfigException(
          "sandbox.enabled",
          "the prod profile refuses the sandbox ("
              + v.source("sandbox.enabled")
              + "); switch it off there, or try the sandbox with CRM_PROFILE=dev");
    }
    PlatformsConfig platforms =
        new PlatformsConfig(
            platformUrl(v, "wecom.apiBaseUrl", sandbox),
            platformUrl(v, "dingtalk.apiBaseUrl", sandbox),
            platformUrl(v, "dingtalk.oapiBaseUrl", sandbox));
    MailConfig mail =
        new MailConfig(
            v.optionalText("smtp.host"),
            v.integer("smtp.port", 1, 65535),
            v.text("smtp.from"),
            v.optionalText("smtp.username"),
            v.optionalText("smtp.password"),
            v.bool("smtp.startTls"));
    Optional<String> sessionKey = secret(v, "miniapp.sessionKey");
    if (sessionKey.isEmpty() && !sandbox.enabled()) {
      throw new ConfigException(
          "miniapp.sessionKey",
          "required outside sandbox mode (set CRM_MINIAPP_SESSION_KEY to 32+ random characters)");
    }
    MiniAppSettings miniApp =
        new MiniAppSettings(
            sessionKey, Duration.ofMinutes(v.integer("miniapp.sessionTtlMinutes", 1, 24 * 60)));
    Optional<String> managementToken = secret(v, "management.token");
    return new CrmConfig(
        profile,
        http,
        db,
        sandbox,
        platforms,
        mail,
        miniApp,
        reminderPacing(v),
        new ReportSchedule(v.time("reports.dailyAt"), v.time("reports.weeklyAt")),
        new DirectorySchedule(v.time("directory.nightlyAt")),
        new LeadSettings(v.integer("leads.reclaimAfterDays", 1, 365)),
        new ManagementConfig(managementToken, !profile.equals("prod")),
        secrets(v, profile),
        new OperatorConfig(secret(v, "operator.token")));
  }

  /** The master keys: each base64 of exactly 32 bytes; the current one required in prod. */
  private static SecretsConfig secrets(Values v, String profile) {
    Optional<String> master = v.optionalText("secrets.masterKey");
    if (master.isEmpty() && profile.equals("prod")) {
      throw new ConfigException(
          "secrets.masterKey",
          "required in the prod profile: it seals the platform secrets stored in the database"
              + " (set CRM_SECRETS_MASTER_KEY to the output of `java -jar chat-crm.jar"
              + " generate-master-key` or `openssl rand -base64 32`, and keep it safe)");
    }
    master.ifPresent(k -> masterKey(v, "secrets.masterKey", k));
    List<String> previous =
        v.optionalText("secrets.previousKeys").stream()
            .flatMap(s -> java.util.Arrays.stream(s.split(",")))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    previous.forEach(k -> masterKey(v, "secrets.previousKeys", k));
    return new SecretsConfig(master, previous);
  }

  private static void masterKey(Values v, String key, String base64) {
    int length;
    try {
      length = java.util.Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "is not base64 (" + v.source(key) + ")");
    }
    if (length != 32) {
      throw new ConfigException(
          key,
          "must be 32 bytes in base64, not "
              + length
              + " ("
              + v.source(key)
              + "); make one with `openssl rand -base64 32`");
    }
  }

  /**
   * The limits are the platforms': WeCom answers 45009 beyond 10,000 calls a minute per company and
   * API, and silently drops what an app sends one member beyond 30 a minute.
   */
  /** A key that signs or opens something: unset, or 32+ characters (UTF-8 bytes). */
  private static Optional<String> secret(Values v, String key) {
    Optional<String> value = v.optionalText(key);
    if (value.isPresent()
        && value.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      throw new ConfigException(key, "must be at least 32 characters (" + v.source(key) + ")");
    }
    return value;
  }

  private static ReminderPacing reminderPacing(Values v) {
    int perTenant = v.integer("reminders.perTenantPerMinute", 1, 10_000);
    int burst = v.integer("reminders.burst", 1, 10_000);
    if (burst > perTenant / 2) {
      throw new ConfigException(
          "reminders.burst",
          burst
              + " is more than half of reminders.perTenantPerMinute ("
              + perTenant
              + "); the burst is part of the minute's budget: set it to at most "
              + perTenant / 2
              + " ("
              + v.source("reminders.burst")
              + ")");
    }
    return new ReminderPacing(
        Duration.ofMillis(v.integer("reminders.tickMillis", 100, 60_000)),
        perTenant,
        v.integer("reminders.perUserPerMinute", 2, 30),
        burst,
        Duration.ofSeconds(v.integer("reminders.leaseSeconds", 30, 3600)));
  }

  private static String platformUrl(Values v, String key, SandboxConfig sandbox) {
    String url = v.text(key);
    if (PlatformsConfig.SANDBOX.equals(url)) {
      if (!sandbox.enabled()) {
        throw new ConfigException(
            key, "'sandbox' needs sandbox.enabled=true (" + v.source(key) + ")");
      }
    } else if (!url.matches("https?://[^\\s/]+(/.*)?")) {
      throw new ConfigException(
          key, "'" + url + "' is not an http(s) URL or 'sandbox' (" + v.source(key) + ")");
    }
    return url;
  }

  private static void checkDatabaseUrl(String url, String source) {
    String expected = "expected postgresql://user:password@host:5432/database";
    try {
      URI uri = new URI(url);
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        throw new ConfigException(
            "db.url",
            "'" + redact(url) + "' is not a PostgreSQL URL (" + source + "); " + expected);
      }
      if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() <= 1) {
        throw new ConfigException(
            "db.url",
            "'" + redact(url) + "' lacks a host or a database name (" + source + "); " + expected);
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "db.url", "'" + redact(url) + "' is not a URL (" + source + "); " + expected);
    }
  }

  /** Hides the password of a database URL so that it never reaches a log or a terminal. */
  public static String redact(String url) {
    return url.replaceAll("://([^:/@]+):[^@]*@", "://$1:***@");
  }

  /** A raw setting and where it came from, so an error can point at the right file or variable. */
  private record Value(String raw, String source) {}

  private record Values(Map<String, Value> values) {

    String source(String key) {
      return values.containsKey(key) ? "from " + values.get(key).source() : "not set";
    }

    String text(String key) {
      String text = raw(key).trim();
      if (text.isEmpty()) {
        throw new ConfigException(key, "must not be empty (" + source(key) + ")");
      }
      return text;
    }

    Optional<String> optionalText(String key) {
      Value value = values.get(key);
      return value == null || value.raw().isBlank()
          ? Optional.empty()
          : Optional.of(value.raw().trim());
    }

    int integer(String key, int min, int max) {
      String text = text(key);
      try {
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
          throw new ConfigException(
              key, n + " is out of range " + min + ".." + max + " (" + source(key) + ")");
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ConfigException(
            key, "'" + text + "' is not a whole number (" + source(key) + ")");
      }
    }

    boolean bool(String key) {
      String text = text(key).toLowerCase(java.util.Locale.ROOT);
      return switch (text) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default ->
            throw new ConfigException(
                key, "'" + text + "' is not true or false (" + source(key) + ")");
      };
    }

    java.time.LocalTime time(String key) {
      String text = text(key);
      if (!text.matches("\\d{1,2}:\\d{2}")) {
        throw new ConfigException(
            key, "'" + text + "' is not a time of day like 18:30 (" + source(key) + ")");
      }
      try {
        return java.time.LocalTime.parse(text.length() == 4 ? "0" + text : text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new ConfigException(
            key, "'" + text + "' is not a time of day like 18:30 (" + source(key) + ")");
      }
    }

    Path path(String key) {
      String text = text(key);
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new ConfigException(key, "'" + text + "' is not a path (" + source(key) + ")");
      }
    }

    private String raw(String key) {
      Value value = values.get(key);
      if (value == null) {
        throw new ConfigException(key, "is required but not set");
      }
      return value.raw();
    }
  }
}
