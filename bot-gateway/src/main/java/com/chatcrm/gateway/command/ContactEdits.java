package com.chatcrm.gateway.command;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contact.Contact;
import com.chatcrm.engine.contact.ContactChanges;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.DuplicatePhone;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * 改联系人 in a line: {@code 星河传媒的联系人改成周经理 13700002222}. The contact of that name gets the phone; else
 * a customer's only contact is renamed; else the contact is added (a phone another contact has is
 * first warned of, {@link ContactPhoneWarning}). 撤销 deletes an added contact ({@code
 * undo:contact:<id>}) or puts the old name and phone back ({@code undo:contact-back:<id>:<old name,
 * base64url>:<old phone or empty>}).
 */
final class ContactEdits {

  private final ContactService contacts;
  private final CustomerResolver resolver;
  private final SlotQuestions questions;

  ContactEdits(Engine engine, CustomerResolver resolver, SlotQuestions questions) {
    this.contacts = engine.contacts();
    this.resolver = resolver;
    this.questions = questions;
  }

  Future<ChatMessage> edit(Actor actor, ParsedCommand p, String text) {
    if (p.customerCandidates().isEmpty()) {
      return questions.ask(actor, p, "customer", "改哪个客户的联系人？", "例如：星河传媒的联系人改成周经理 13700002222");
    }
    if (p.contact() == null && p.phone() == null) {
      return Future.succeededFuture(
          new ChatMessage(
              "联系人改成谁？", "例如「" + p.customer() + "的联系人改成周经理 13700002222」。", List.of(), List.of()));
    }
    return resolver.withCustomer(
        actor,
        p,
        text,
        CustomerSearch.Scope.VISIBLE,
        c ->
            contacts
                .listByCustomer(actor, c.id())
                .compose(
                    list -> change(actor, c, list.stream().filter(x -> !x.deleted()).toList(), p)));
  }

  private Future<ChatMessage> change(
      Actor actor, Customer c, List<Contact> current, ParsedCommand p) {
    Contact same =
        p.contact() == null
            ? (current.size() == 1 ? current.get(0) : null)
            : current.stream().filter(x -> x.name().equals(p.contact())).findFirst().orElse(null);
    Contact target = same != null ? same : current.size() == 1 ? current.get(0) : null;
    if (target == null) {
      if (p.contact() == null) {
        return Future.succeededFuture(
            ChatMessage.text(
                "客户「"
                    + c.name()
                    + "」有多位联系人，请说是谁的电话，例如「"
                    + c.name()
                    + "的联系人改成周经理 "
                    + p.phone()
                    + "」。"));
      }
      NewContact input = NewContact.named(p.contact());
      if (p.phone() != null) {
        input = input.withPhones(p.phone());
      }
      NewContact adding = input;
      // a phone another contact has is warned of, as in the mini-app; 仍然添加 adds it anyway
      return contacts
          .add(actor, c.id(), input, false)
          .map(added -> card("✓ 已添加联系人", c, added, "undo:contact:" + added.id()))
          .recover(
              e ->
                  e instanceof DuplicatePhone taken
                      ? Future.succeededFuture(ContactPhoneWarning.card(c, adding, taken))
                      : Future.failedFuture(e));
    }
    ContactChanges changes = ContactChanges.none();
    if (p.contact() != null) {
      changes = changes.name(p.contact());
    }
    if (p.phone() != null) {
      changes = changes.phones(List.of(p.phone()));
    }
    String undo = undoKey(target);
    String name = p.contact() != null ? p.contact() : target.name();
    // a phone another contact has is warned of, as when adding; 仍然修改 changes it anyway
    return contacts
        .update(actor, target.id(), target.version(), changes, p.phone() == null)
        .map(updated -> card("✓ 联系人已更新", c, updated, undo))
        .recover(
            e ->
                e instanceof DuplicatePhone taken
                    ? Future.succeededFuture(
                        ContactPhoneWarning.updateCard(c, target, name, p.phone(), taken))
                    : Future.failedFuture(e));
  }

  /** 撤销 of a change to {@code before}: its old name and first phone back. */
  static String undoKey(Contact before) {
    return "undo:contact-back:"
        + before.id()
        + ":"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(before.name().getBytes(StandardCharsets.UTF_8))
        + ":"
        + (before.phones().isEmpty() ? "" : before.phones().get(0).replaceAll("[^0-9+-]", ""));
  }

  private static ChatMessage card(String title, Customer c, Contact contact, String undo) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("客户", c.name()));
    fields.add(new Field("联系人", contact.name()));
    if (!contact.phones().isEmpty()) {
      fields.add(new Field("电话", contact.phones().get(0)));
    }
    return new ChatMessage(
        title,
        null,
        fields,
        List.of(new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"), new Button(undo, "撤销")));
  }

  /** The changes an {@code undo:contact-back} key puts back. */
  static ContactChanges undoChanges(String nameBase64, String phone) {
    ContactChanges back =
        ContactChanges.none()
            .name(new String(Base64.getUrlDecoder().decode(nameBase64), StandardCharsets.UTF_8));
    return back.phones(phone.isEmpty() ? List.of() : List.of(phone));
  }
}
