package com.chatcrm.gateway.notify;

import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.outbound.ChannelSender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;

/**
 * Sends outbox messages by email over SMTP: the title as subject, the text, image and fields as a
 * plain and an HTML part. Buttons cannot be clicked in a mail, so the mail says where to act.
 */
public final class EmailSender implements ChannelSender {

  static final String ACT_IN_CHAT = "请在企业微信或钉钉中打开这条消息进行操作。";
  static final String IMAGE = "图表";

  private final MailClient client;
  private final SmtpSettings settings;

  public EmailSender(Vertx vertx, SmtpSettings settings) {
    this.settings = settings;
    MailConfig config =
        new MailConfig()
            .setHostname(settings.host())
            .setPort(settings.port())
            .setStarttls(settings.startTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
            // servers drop idle connections; one reused after that fails the send and costs a retry
            .setKeepAliveTimeout(30)
            .setKeepAliveTimeoutUnit(TimeUnit.SECONDS);
    if (settings.username() == null || settings.username().isBlank()) {
      config.setLogin(LoginOption.DISABLED);
    } else {
      config
          .setLogin(LoginOption.REQUIRED)
          .setUsername(settings.username())
          .setPassword(settings.password());
    }
    this.client = MailClient.create(vertx, config);
  }

  @Override
  public Future<String> send(long tenantId, String recipient, ChatMessage message) {
    MailMessage mail =
        new MailMessage()
            .setFrom(settings.from())
            .setTo(recipient)
            .setSubject(message.title() == null ? "Chat CRM" : message.title())
            .setText(text(message))
            .setHtml(html(message));
    return client
        .sendMail(mail)
        .map(result -> result.getMessageID() == null ? "" : result.getMessageID());
  }

  static String text(ChatMessage m) {
    StringBuilder out = new StringBuilder();
    if (m.markdown() != null) {
      out.append(m.markdown()).append("\n\n");
    }
    if (m.imageUrl() != null) {
      out.append(IMAGE).append("：").append(m.imageUrl()).append("\n\n");
    }
    m.fields().forEach(f -> out.append(f.label()).append("：").append(f.value()).append('\n'));
    if (!m.buttons().isEmpty()) {
      out.append('\n').append(ACT_IN_CHAT).append('\n');
    }
    return out.toString().strip();
  }

  static String html(ChatMessage m) {
    StringBuilder out = new StringBuilder("<html><body>");
    if (m.title() != null) {
      out.append("<h3>").append(escape(m.title())).append("</h3>");
    }
    if (m.markdown() != null) {
      out.append("<p>").append(escape(m.markdown()).replace("\n", "<br>")).append("</p>");
    }
    if (m.imageUrl() != null) {
      out.append("<p><img src=\"")
          .append(escape(m.imageUrl()))
          .append("\" alt=\"")
          .append(IMAGE)
          .append("\" style=\"max-width:100%\"></p>");
    }
    if (!m.fields().isEmpty()) {
      out.append("<table>");
      m.fields()
          .forEach(
              f ->
                  out.append("<tr><th align=\"left\">")
                      .append(escape(f.label()))
                      .append("</th><td>")
                      .append(escape(f.value()))
                      .append("</td></tr>"));
      out.append("</table>");
    }
    if (!m.buttons().isEmpty()) {
      out.append("<p><small>").append(ACT_IN_CHAT).append("</small></p>");
    }
    return out.append("</body></html>").toString();
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
