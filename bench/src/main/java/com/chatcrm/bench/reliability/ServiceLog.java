package com.chatcrm.bench.reliability;

import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxDingTalkCorp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the service's console log gave away: stack traces, the sandbox companies' secrets (app
 * secrets, callback tokens, AES keys, exactly as the sandbox defines them) and lines an attacker
 * forged with a CR/LF.
 */
public record ServiceLog(
    int lines,
    int stackTraces,
    int errorLines,
    int secretLines,
    int forgedLines,
    List<String> examples) {

  /** What the probe puts after a CR/LF in a corp id: a log line starting with it was forged. */
  public static final String FORGED = "FORGED-LOG-LINE";

  private static final Pattern FRAME = Pattern.compile("^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$");

  /** The secrets of every sandbox company, both platforms. */
  public static List<String> sandboxSecrets() {
    List<String> out = new ArrayList<>();
    for (SandboxCorp c : SandboxCorps.weCom()) {
      out.addAll(List.of(c.secret(), c.callbackToken(), c.encodingAesKey()));
    }
    for (SandboxDingTalkCorp c : SandboxCorps.dingTalk()) {
      out.addAll(List.of(c.appSecret(), c.eventToken(), c.eventAesKey()));
    }
    return out;
  }

  public static ServiceLog read(List<Path> logs) throws IOException {
    List<String> secrets = sandboxSecrets();
    int lines = 0;
    int traces = 0;
    int errors = 0;
    int secretLines = 0;
    int forged = 0;
    List<String> examples = new ArrayList<>();
    for (Path log : logs) {
      boolean inTrace = false;
      // decoded leniently: a log that echoes hostile bytes must still be read to the end
      for (String line :
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\r\n|\r|\n")) {
        lines++;
        boolean frame = FRAME.matcher(line).matches();
        if (frame && !inTrace) {
          traces++;
          example(examples, "stack trace in " + log.getFileName() + ": " + line.strip());
        }
        inTrace = frame;
        if (line.contains(" ERROR ")) {
          errors++;
        }
        if (secrets.stream().anyMatch(line::contains)) {
          secretLines++;
          // the line itself would repeat the secret: say where, not what
          example(examples, "a sandbox secret in " + log.getFileName() + " line " + lines);
        }
        if (line.startsWith(FORGED)) {
          forged++;
          example(examples, "forged line in " + log.getFileName() + ": " + line);
        }
      }
    }
    return new ServiceLog(lines, traces, errors, secretLines, forged, examples);
  }

  private static void example(List<String> examples, String s) {
    if (examples.size() < 10) {
      examples.add(s.length() > 300 ? s.substring(0, 300) + "…" : s);
    }
  }
}
