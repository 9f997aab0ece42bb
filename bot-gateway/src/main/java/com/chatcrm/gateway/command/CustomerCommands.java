package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.nz;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.contact.ContactService;
import com.chatcrm.engine.contact.NewContact;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.error.Duplicate;
import com.chatcrm.gateway.command.ChatCommands.Context;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.gateway.message.ChatMessage.Field;
import com.chatcrm.gateway.message.MiniAppLinks;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** 新客户 (with its contact and phone) and 查: the customer intents. */
final class CustomerCommands {

  private final CustomerService customers;
  private final ContactService contacts;
  private final Listings listings;
  private final SlotQuestions questions;

  CustomerCommands(Engine engine, Listings listings, SlotQuestions questions) {
    this.customers = engine.customers();
    this.contacts = engine.contacts();
    this.listings = listings;
    this.questions = questions;
  }

  Future<ChatMessage> addCustomer(Actor actor, ParsedCommand p, String text) {
    if (p.customer() == null) {
      return questions.ask(actor, p, "customer", "客户叫什么名字？", "例如：新客户 星河传媒 联系人 周经理 13700002222");
    }
    NewCustomer input = NewCustomer.named(asTyped(text, p.customer()));
    if (p.phone() != null) {
      input = input.withPhones(p.phone());
    }
    return customers
        .create(actor, input)
        .compose(
            c ->
                p.contact() == null
                    ? Future.succeededFuture(c)
                    : contacts
                        .add(
                            actor,
                            c.id(),
                            p.phone() == null
                                ? NewContact.named(p.contact())
                                : NewContact.named(p.contact()).withPhones(p.phone()))
                        .map(x -> c))
        .map(
            c -> {
              List<Field> fields = new ArrayList<>();
              fields.add(new Field("客户", c.name()));
              if (p.contact() != null) {
                fields.add(new Field("联系人", p.contact()));
              }
              if (p.phone() != null) {
                fields.add(new Field("电话", p.phone()));
              }
              fields.add(new Field("负责人", nz(c.ownerName())));
              return new ChatMessage(
                  "✓ 已新建客户",
                  null,
                  fields,
                  List.of(
                      new Button("cmd:跟进 " + c.name() + " ", "写跟进"),
                      new Button("cmd:提醒我 明天上午 跟进" + c.name(), "设提醒"),
                      new Button(MiniAppLinks.DETAIL_CUSTOMER + c.id(), "打开详情"),
                      new Button("undo:customer:" + c.id(), "撤销")));
            })
        .recover(
            e -> {
              if (e instanceof Duplicate d) {
                var det = d.details();
                List<Button> buttons = new ArrayList<>();
                String name = det.getString("name");
                if (det.getBoolean("inPool", false)) {
                  buttons.add(new Button("cmd:领取 " + name, "领取"));
                } else if (det.getBoolean("visible", false)) {
                  buttons.add(new Button("cmd:查 " + name, "查看已有"));
                  buttons.add(new Button("cmd:跟进 " + name + " ", "写跟进"));
                }
                return Future.succeededFuture(
                    new ChatMessage(
                        "客户已存在（查重）",
                        d.getMessage(),
                        List.of(
                            new Field("已有客户", name),
                            new Field("负责人", nz(det.getString("ownerName")))),
                        buttons));
              }
              return Future.failedFuture(e);
            });
  }

  Future<ChatMessage> findCustomer(Actor actor, Context ctx, ParsedCommand p, String text) {
    String q = p.customer() != null ? p.customer() : p.phone();
    if (q == null) {
      return questions.ask(actor, p, "customer", "要找哪个客户？", "例如：查 星河 ／ 查 13700002222 ／ 查 hw");
    }
    // a bare line that is no customer (价格太高 typed after its question was dropped) is not offered
    // as a new customer's name
    boolean bare = com.chatcrm.language.CommandParser.normalize(text).equals(q);
    return listings.findCustomer(actor, ctx, q, bare);
  }

  /**
   * The name as the user typed it, e.g. with the full-width brackets of 阿里巴巴（中国）有限公司: the stretch
   * of the line whose normalized form is the parsed name; the parsed name when none is.
   */
  static String asTyped(String text, String parsed) {
    // a long line costs a quadratic search; a name is in the first few hundred characters
    if (text == null || text.length() > 300) {
      return parsed;
    }
    int n = parsed.length();
    for (int i = 0; i < text.length(); i++) {
      for (int j = i + 1; j <= Math.min(text.length(), i + 2 * n + 4); j++) {
        if (java.text.Normalizer.normalize(text.substring(i, j), java.text.Normalizer.Form.NFKC)
            .equals(parsed)) {
          return text.substring(i, j);
        }
      }
    }
    return parsed;
  }
}
