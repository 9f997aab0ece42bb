package com.chatcrm.gateway.notify;

/**
 * How to reach the SMTP server that sends our mail.
 *
 * @param username null for a server that takes mail without login
 * @param startTls whether the connection must be upgraded with STARTTLS
 */
public record SmtpSettings(
    String host, int port, String from, String username, String password, boolean startTls) {

  /** A local server without login or TLS (GreenMail, a relay on the host). */
  public static SmtpSettings plain(String host, int port, String from) {
    return new SmtpSettings(host, port, from, null, null, false);
  }
}
