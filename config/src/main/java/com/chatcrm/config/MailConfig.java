package com.chatcrm.config;

import java.util.Optional;

/**
 * The SMTP server for reminders and reports by mail. Empty host: mail is off. The password comes
 * from the environment only ({@code CRM_SMTP_PASSWORD}).
 */
public record MailConfig(
    Optional<String> host,
    int port,
    String from,
    Optional<String> username,
    Optional<String> password,
    boolean startTls) {

  public boolean enabled() {
    return host.isPresent();
  }

  @Override
  public String toString() {
    return "MailConfig[host=" + host + ", port=" + port + ", from=" + from + ", password=***]";
  }
}
