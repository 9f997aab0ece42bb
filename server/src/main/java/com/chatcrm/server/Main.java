package com.chatcrm.server;

import com.chatcrm.config.ConfigException;
import com.chatcrm.config.ConfigLoader;
import com.chatcrm.config.CrmConfig;
import org.slf4j.LoggerFactory;

/**
 * Starts Chat CRM. A bad setting ends start-up with exit code 2 and one line on standard error
 * naming the setting; SIGTERM or Ctrl-C stops it gracefully.
 */
public final class Main {

  /** Exit code for a configuration the service cannot run with. */
  public static final int BAD_CONFIGURATION = 2;

  private static final int FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0) {
      // an operator command (tenant add, ...): its output, not the service's log, is what counts
      if (System.getenv("CRM_LOG_LEVEL") == null) {
        System.setProperty("CRM_LOG_LEVEL", "WARN");
      }
      System.exit(new OperatorTool(System.getenv(), System.out, System.err).run(args));
      return;
    }
    CrmServer server;
    try {
      CrmConfig config = ConfigLoader.fromEnvironment();
      server = CrmServer.start(config);
    } catch (ConfigException e) {
      System.err.println("Chat CRM cannot start: " + e.getMessage());
      System.exit(BAD_CONFIGURATION);
      return;
    } catch (RuntimeException | Error e) {
      // Not a setting we know how to name: keep the trace in the log for whoever debugs it.
      LoggerFactory.getLogger(Main.class).debug("start-up failed", e);
      System.err.println("Chat CRM cannot start: " + rootType(e) + CrmServer.oneLine(e));
      System.exit(FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "crm-shutdown"));
  }

  /** "NoClassDefFoundError: " and the like: without it a bare class name reads like nonsense. */
  private static String rootType(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": ";
  }
}
