package com.chatcrm.gateway.command;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contact.Contact;
import com.chatcrm.engine.contact.ContactChanges;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.DuplicatePhone;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.conversation.ReplyLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A contact added in chat with a phone another contact has: as in the mini-app, nothing is added
 * yet; the card names the other contact and customer only if the sender may see that customer (the
 * engine's {@link DuplicatePhone} decides), else it says only that another customer's contact uses
 * the number. 仍然添加 ({@code confirm:contact:<customer id>:0:<card>:<name, base64url>:<phone>}, see
 * {@link Confirmations}) adds it anyway, once; 取消 ({@code cancel:card:<card>}) voids the card. A
 * contact whose phone is changed to a taken one is warned of the same way; its 仍然修改 names the
 * contact instead of 0 ({@code confirm:contact:<customer id>:<contact id>:...}).
 */
final class ContactPhoneWarning {

  private ContactPhoneWarning() {}

  /** The key pattern {@link Confirmations} accepts for 仍然添加. */
  static final String KEY =
      "confirm:contact:\\d{1,18}:\\d{1,18}:[a-z0-9]{8}:[A-Za-z0-9_-]{1,200}:[0-9+-]{0,20}";

  /** The card that warns; nothing has been added. */
  static ChatMessage card(Customer c, NewContact input, DuplicatePhone warning) {
    String phone = input.phones().isEmpty() ? "" : input.phones().get(0);
    String where = where(warning);
    String card = Confirmations.cardId();
    String name =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(input.name().getBytes(StandardCharsets.UTF_8));
    return new ChatMessage(
        "电话号码已存在",
        where + "仍要把「" + input.name() + "」添加为「" + c.name() + "」的联系人吗？点「仍然添加」才会添加。",
        List.of(new Field("客户", c.name()), new Field("联系人", input.name()), new Field("电话", phone)),
        List.of(
            new Button(
                "confirm:contact:" + c.id() + ":0:" + card + ":" + name + ":" + phone, "仍然添加"),
            new Button("cancel:card:" + card, "取消")));
  }

  /** Whose the number is: named only when the sender may see that customer (the engine decides). */
  private static String where(DuplicatePhone warning) {
    JsonObject d = warning.details();
    return d.getString("customerName") == null
        ? "该号码已被其他客户的联系人使用。"
        : "该号码已是「" + d.getString("customerName") + "」的联系人「" + d.getString("contactName") + "」的电话。";
  }

  /** The card that warns of a phone change; nothing has been changed. */
  static ChatMessage updateCard(
      Customer c, Contact target, String name, String phone, DuplicatePhone warning) {
    String where = where(warning);
    String card = Confirmations.cardId();
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(name.getBytes(StandardCharsets.UTF_8));
    return new ChatMessage(
        "电话号码已存在",
        where + "仍要把「" + c.name() + "」的联系人「" + name + "」的电话改成 " + phone + " 吗？点「仍然修改」才会修改。",
        List.of(new Field("客户", c.name()), new Field("联系人", name), new Field("电话", phone)),
        List.of(
            new Button(
                "confirm:contact:"
                    + c.id()
                    + ":"
                    + target.id()
                    + ":"
                    + card
                    + ":"
                    + encoded
                    + ":"
                    + phone,
                "仍然修改"),
            new Button("cancel:card:" + card, "取消")));
  }

  /**
   * The tapped 仍然添加 ({@code parts} as {@link Confirmations} split the key, the last holding name
   * and phone): adds the contact once per card; the answer, recorded as the tap's reply, carries
   * the 撤销 a typed 撤销 also finds.
   */
  static Future<String> confirmed(
      ContactService contacts, ReplyLog replies, Actor actor, String[] parts, String clickKey) {
    long customerId = Long.parseLong(parts[2]);
    String used = "added-card:" + parts[4];
    String[] namePhone = parts[5].split(":", -1);
    String name = new String(Base64.getUrlDecoder().decode(namePhone[0]), StandardCharsets.UTF_8);
    if (!parts[3].equals("0")) {
      return changed(
          contacts,
          replies,
          actor,
          Long.parseLong(parts[3]),
          name,
          namePhone[1],
          parts[4],
          clickKey);
    }
    NewContact input =
        namePhone[1].isEmpty()
            ? NewContact.named(name)
            : NewContact.named(name).withPhones(namePhone[1]);
    return replies
        .find(actor.tenantId(), used)
        .compose(
            done ->
                done != null
                    ? Future.succeededFuture("已添加过，没有重复添加")
                    : contacts
                        .add(actor, customerId, input, true)
                        .compose(
                            added -> {
                              ChatMessage reply =
                                  new ChatMessage(
                                      "✓ 已添加联系人",
                                      null,
                                      List.of(
                                          new Field("联系人", added.name()),
                                          new Field("电话", namePhone[1])),
                                      List.of(
                                          new Button(
                                              MiniAppLinks.DETAIL_CUSTOMER + customerId, "打开详情"),
                                          new Button("undo:contact:" + added.id(), "撤销")));
                              return replies
                                  .record(
                                      actor.tenantId(),
                                      used,
                                      new JsonObject().put("contactId", added.id()))
                                  .compose(
                                      v ->
                                          clickKey == null
                                              ? Future.<Void>succeededFuture()
                                              : replies.record(
                                                  actor.tenantId(), clickKey, reply.toJson()))
                                  .map("✓ 已添加联系人「" + added.name() + "」");
                            }));
  }

  /** 仍然修改: changes the contact's name and phone once per card, with the 撤销 ContactEdits gives. */
  private static Future<String> changed(
      ContactService contacts,
      ReplyLog replies,
      Actor actor,
      long contactId,
      String name,
      String phone,
      String card,
      String clickKey) {
    String used = "updated-card:" + card;
    return replies
        .find(actor.tenantId(), used)
        .compose(
            done ->
                done != null
                    ? Future.succeededFuture("已修改过，没有重复修改")
                    : contacts
                        .get(actor, contactId)
                        .compose(
                            before ->
                                contacts
                                    .update(
                                        actor,
                                        contactId,
                                        before.version(),
                                        ContactChanges.none()
                                            .name(name)
                                            .phones(phone.isEmpty() ? List.of() : List.of(phone)),
                                        true)
                                    .compose(
                                        updated -> {
                                          ChatMessage reply =
                                              new ChatMessage(
                                                  "✓ 联系人已更新",
                                                  null,
                                                  List.of(
                                                      new Field("联系人", updated.name()),
                                                      new Field("电话", phone)),
                                                  List.of(
                                                      new Button(
                                                          ContactEdits.undoKey(before), "撤销")));
                                          return replies
                                              .record(
                                                  actor.tenantId(),
                                                  used,
                                                  new JsonObject().put("contactId", contactId))
                                              .compose(
                                                  v ->
                                                      clickKey == null
                                                          ? Future.<Void>succeededFuture()
                                                          : replies.record(
                                                              actor.tenantId(),
                                                              clickKey,
                                                              reply.toJson()))
                                              .map("✓ 联系人「" + updated.name() + "」已更新");
                                        })));
  }
}
