package com.chatcrm.server;

import com.chatcrm.config.ConfigException;
import com.chatcrm.config.ConfigLoader;
import com.chatcrm.config.CrmConfig;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.secret.SecretBox;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.operator.TenantRegistry;
import com.chatcrm.gateway.platform.ConsoleSetting;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The jar's operator commands ({@code java -jar chat-crm.jar tenant add ...}): register, list,
 * update and disable companies, rotate the master key. Secrets are never arguments (they would show
 * in the process list and the shell history): options name the environment variables that hold them
 * ({@code --secret-env WECOM_SECRET}).
 */
final class OperatorTool {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int REFUSED = 3;

  private static final Duration WITHIN = Duration.ofMinutes(3);

  static final String USAGE_TEXT =
      """
      用法 / usage:
        java -jar chat-crm.jar tenant add --platform wecom --corp-id ww… --agent-id 1000002 \\
            --secret-env WECOM_SECRET --token-env WECOM_TOKEN --aes-key-env WECOM_AES_KEY \\
            [--name 公司名] [--time-zone Asia/Shanghai] [--admins userid1,userid2]
        java -jar chat-crm.jar tenant add --platform dingtalk --corp-id ding… --app-key … \\
            --app-secret-env DINGTALK_SECRET [--robot-code …] [--agent-id …] \\
            [--event-token-env VAR --event-aes-key-env VAR] [--card-template-id …] [--stream] \\
            [--name 公司名] [--time-zone …] [--admins …]
        java -jar chat-crm.jar tenant list
        java -jar chat-crm.jar tenant rotate-secret --platform P --corp-id C \\
            [--secret-env V] [--token-env V] [--aes-key-env V] \\
            [--app-secret-env V] [--event-token-env V] [--event-aes-key-env V]
        java -jar chat-crm.jar tenant disable|enable --platform P --corp-id C
        java -jar chat-crm.jar tenant lead-webhook --platform P --corp-id C
        java -jar chat-crm.jar generate-master-key
        java -jar chat-crm.jar rotate-master-key
      The commands use the service's settings (CRM_DB_URL, or the embedded data directory a running
      service uses; CRM_HTTP_PUBLIC_URL; CRM_SECRETS_MASTER_KEY). See docs/deploy.md.
      """;

  /** Environment-variable options and the settings field each fills. */
  private static final Map<String, String> SECRET_OPTIONS =
      Map.of(
          "--secret-env", "secret",
          "--token-env", "callbackToken",
          "--aes-key-env", "encodingAesKey",
          "--app-secret-env", "appSecret",
          "--event-token-env", "eventToken",
          "--event-aes-key-env", "eventAesKey");

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  OperatorTool(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  /** Runs one command; answers the process's exit code. */
  int run(String[] args) {
    List<String> words = Arrays.asList(args);
    String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
    try {
      if (words.get(0).equals("generate-master-key")) {
        out.println(SecretBox.newKey());
        return OK;
      }
      if (words.get(0).equals("help") || words.get(0).equals("--help")) {
        out.print(USAGE_TEXT);
        return OK;
      }
      CrmConfig config = new ConfigLoader(env, new Properties()).load();
      if (words.get(0).equals("rotate-master-key")) {
        return withContext(config, c -> rotateMasterKey(c));
      }
      if (!words.get(0).equals("tenant") || words.size() < 2) {
        throw new UsageError("unknown command '" + String.join(" ", words) + "'");
      }
      Options o = Options.parse(words.subList(2, words.size()));
      return switch (words.get(1)) {
        case "add" -> withContext(config, c -> add(c, config, o));
        case "list" -> withContext(config, this::list);
        case "rotate-secret" -> withContext(config, c -> rotate(c, o));
        case "lead-webhook" -> withContext(config, c -> leadWebhook(c, o));
        case "disable", "enable" ->
            withContext(config, c -> setDisabled(c, o, words.get(1).equals("disable")));
        default -> throw new UsageError("unknown command '" + command + "'");
      };
    } catch (UsageError e) {
      err.println(command + ": " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    } catch (ConfigException e) {
      err.println("Chat CRM cannot run " + command + ": " + e.getMessage());
      return USAGE;
    }
  }

  private interface Work {
    int run(OperatorContext context);
  }

  private int withContext(CrmConfig config, Work work) {
    try (OperatorContext context = OperatorContext.open(config)) {
      out.println(context.where());
      try {
        return work.run(context);
      } catch (RuntimeException e) {
        if (e instanceof UsageError
            || e instanceof InvalidInput
            || e instanceof NotFound
            || e instanceof PlatformError) {
          throw e;
        }
        err.println("失败 / failed: " + CrmServer.oneLine(e) + "（" + context.where() + "）");
        return FAILED;
      }
    } catch (InvalidInput e) {
      err.println("输入有误 / invalid: " + e.getMessage());
      return USAGE;
    } catch (NotFound e) {
      err.println("没有这家企业 / not found: " + e.getMessage());
      return USAGE;
    } catch (PlatformError e) {
      err.println(OperatorMessages.refused(e));
      return REFUSED;
    } catch (UsageError | ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      err.println("失败 / failed: " + CrmServer.oneLine(e));
      return FAILED;
    }
  }

  private int add(OperatorContext c, CrmConfig config, Options o) {
    String platform = o.required("--platform");
    JsonObject settings = o.settings(env);
    if (platform.equals("dingtalk")) {
      settings.put("appKey", o.required("--app-key"));
      o.optional("--robot-code").ifPresent(v -> settings.put("robotCode", v));
      o.optional("--card-template-id").ifPresent(v -> settings.put("cardTemplateId", v));
      settings.put("stream", o.flag("--stream"));
      settings.put("miniAppUrl", OperatorContext.publicUrl(config) + "/m/");
    }
    o.optional("--agent-id").ifPresent(v -> settings.put("agentId", o.number("--agent-id")));
    List<String> admins =
        o.optional("--admins")
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList())
            .orElse(List.of());
    TenantRegistry.Registered done =
        CrmServer.await(
            c.registry()
                .add(
                    new TenantRegistry.Registration(
                        platform,
                        o.required("--corp-id"),
                        o.optional("--name").orElse(null),
                        o.optional("--time-zone").orElse(null),
                        settings,
                        admins)),
            WITHIN);
    out.printf(
        "%s %s（%s %s，tenant %d）：通讯录已同步，%d 名成员。%n",
        done.created() ? "已注册" : "已更新",
        done.tenant().name(),
        done.tenant().platform(),
        done.tenant().corpId(),
        done.tenant().id(),
        done.members());
    out.println("请在平台管理后台设置 / set in the platform's console:");
    for (ConsoleSetting s : done.console()) {
      out.println("  " + s.where() + ": " + s.value());
    }
    if (!OperatorContext.publicUrl(config).startsWith("https://")) {
      out.println("注意：CRM_HTTP_PUBLIC_URL 不是 https 地址；平台只回调 https 的公网地址（见 docs/deploy.md）");
    }
    return OK;
  }

  private int list(OperatorContext c) {
    List<TenantService.Listed> all = CrmServer.await(c.registry().list(), WITHIN);
    if (all.isEmpty()) {
      out.println("还没有注册任何企业：java -jar chat-crm.jar tenant add …");
      return OK;
    }
    out.println("tenant\tplatform\tcorpId\tname\tmembers\tchannels\tstatus");
    for (TenantService.Listed l : all) {
      out.println(
          String.join(
              "\t",
              String.valueOf(l.tenant().id()),
              l.tenant().platform(),
              l.tenant().corpId(),
              l.tenant().name(),
              String.valueOf(l.members()),
              l.channels(),
              l.disabledAt() == null ? "启用" : "已停用"));
    }
    return OK;
  }

  private int rotate(OperatorContext c, Options o) {
    JsonObject changes = o.settings(env);
    if (changes.isEmpty()) {
      throw new UsageError("name at least one secret to replace, e.g. --secret-env NEW_SECRET");
    }
    CrmServer.await(
        c.registry().update(o.required("--platform"), o.required("--corp-id"), changes), WITHIN);
    out.println("已更换 " + String.join(", ", changes.fieldNames()) + "；各节点几秒内使用新值");
    return OK;
  }

  private int setDisabled(OperatorContext c, Options o, boolean disabled) {
    CrmServer.await(
        c.registry().setDisabled(o.required("--platform"), o.required("--corp-id"), disabled),
        WITHIN);
    out.println(disabled ? "已停用：回调与登录将被拒绝，数据保留" : "已启用");
    return OK;
  }

  private int leadWebhook(OperatorContext c, Options o) {
    TenantRegistry.LeadWebhookSecret done =
        CrmServer.await(
            c.registry().leadWebhook(o.required("--platform"), o.required("--corp-id")), WITHIN);
    out.printf(
        "%s（tenant %d）的线索 webhook / leads webhook:%n", done.tenant().name(), done.tenant().id());
    out.println("  URL:    " + done.url());
    out.println("  secret: " + done.secret());
    out.println("密钥只显示这一次，请存入表单系统；再运行本命令会换新密钥，旧密钥立即失效。签名方法见 docs/deploy.md");
    return OK;
  }

  private int rotateMasterKey(OperatorContext c) {
    int n = CrmServer.await(c.registry().resealSecrets(), WITHIN);
    out.println("已用当前主密钥重新加密 " + n + " 个密钥；确认各节点都已换用新主密钥后，可去掉 CRM_SECRETS_PREVIOUS_KEYS");
    return OK;
  }

  /** A command line the tool cannot use: exit 2 with the usage. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message, null, false, false);
    }
  }

  /** {@code --name value} pairs and {@code --flag}s. */
  private record Options(Map<String, String> values) {

    private static final List<String> FLAGS = List.of("--stream");
    private static final java.util.Set<String> KNOWN =
        java.util.Set.of(
            "--platform",
            "--corp-id",
            "--agent-id",
            "--name",
            "--time-zone",
            "--admins",
            "--app-key",
            "--robot-code",
            "--card-template-id",
            "--stream",
            "--secret-env",
            "--token-env",
            "--aes-key-env",
            "--app-secret-env",
            "--event-token-env",
            "--event-aes-key-env");

    static Options parse(List<String> args) {
      Map<String, String> values = new java.util.LinkedHashMap<>();
      for (int i = 0; i < args.size(); i++) {
        String name = args.get(i);
        if (!name.startsWith("--")) {
          throw new UsageError("unexpected '" + name + "'");
        }
        if (!KNOWN.contains(name)) {
          throw new UsageError(
              "unknown option "
                  + name
                  + (name.equals("--secret") || name.endsWith("-secret")
                      ? " (secrets are read from environment variables: " + name + "-env VAR)"
                      : ""));
        }
        if (FLAGS.contains(name)) {
          values.put(name, "true");
        } else if (i + 1 < args.size()) {
          values.put(name, args.get(++i));
        } else {
          throw new UsageError(name + " needs a value");
        }
      }
      return new Options(values);
    }

    String required(String name) {
      return optional(name).orElseThrow(() -> new UsageError(name + " is required"));
    }

    java.util.Optional<String> optional(String name) {
      return java.util.Optional.ofNullable(values.get(name))
          .map(String::strip)
          .filter(v -> !v.isEmpty());
    }

    boolean flag(String name) {
      return values.containsKey(name);
    }

    long number(String name) {
      try {
        return Long.parseLong(required(name));
      } catch (NumberFormatException e) {
        throw new UsageError(name + " must be a whole number");
      }
    }

    /** The secrets named by {@code --*-env} options, read from the environment. */
    JsonObject settings(Map<String, String> env) {
      JsonObject settings = new JsonObject();
      for (Map.Entry<String, String> o : SECRET_OPTIONS.entrySet()) {
        java.util.Optional<String> variable = optional(o.getKey());
        if (variable.isPresent()) {
          String value = env.get(variable.get());
          if (value == null || value.isBlank()) {
            throw new UsageError(
                o.getKey() + " " + variable.get() + ": that environment variable is not set");
          }
          settings.put(o.getValue(), value.strip());
        }
      }
      return settings;
    }
  }
}
