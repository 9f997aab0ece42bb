package com.chatcrm.gateway.command;

import static com.chatcrm.gateway.command.CardTexts.label;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerHit;
import com.chatcrm.engine.customer.CustomerSearch;
import com.chatcrm.engine.customer.ExactNameMatch;
import com.chatcrm.gateway.message.ChatMessage;
import com.chatcrm.gateway.message.ChatMessage.Button;
import com.chatcrm.language.CommandParser;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which customer a typed name means, searched as the sender: one customer, several to choose from
 * (a card re-running the line with each full name), or none (a card offering to create it).
 */
final class CustomerResolver {

  private final ExactNameMatch exactNames;
  private final CustomerSearch search;
  private final SlotQuestions questions;
  private final DidYouMean didYouMean;

  CustomerResolver(Engine engine, SlotQuestions questions, DidYouMean didYouMean) {
    this.exactNames = engine.exactNames();
    this.search = engine.search();
    this.questions = questions;
    this.didYouMean = didYouMean;
  }

  /** How a typed name resolved: one customer, several to choose from, or none. */
  record Resolution(String typed, Customer customer, List<CustomerHit> hits) {}

  /** Tries each candidate in turn; the first that finds anything decides. */
  Future<Resolution> resolve(Actor actor, List<String> candidates, CustomerSearch.Scope scope) {
    return resolve(actor, candidates, scope, null);
  }

  /**
   * {@link #resolve}, where the parser linked the line to one customer ({@code linkedId}, named by
   * the first candidate): that one is read by its id.
   */
  Future<Resolution> resolve(
      Actor actor, List<String> candidates, CustomerSearch.Scope scope, Long linkedId) {
    Future<Resolution> f = Future.succeededFuture(null);
    for (int k = 0; k < candidates.size(); k++) {
      String candidate = candidates.get(k);
      Long id = k == 0 ? linkedId : null;
      f =
          f.compose(
              prev -> {
                if (prev != null && !prev.hits.isEmpty()) {
                  return Future.succeededFuture(prev);
                }
                return (id != null
                        ? exactNames.linked(actor, id, candidate, scope)
                        : exactNames.only(actor, candidate, scope))
                    .compose(
                        only ->
                            only != null
                                ? Future.succeededFuture(
                                    new Resolution(candidate, only.customer(), List.of(only)))
                                : search
                                    .search(actor, candidate, scope, 5)
                                    .map(hits -> decide(candidate, hits)))
                    .recover(e -> Future.succeededFuture(prev));
              });
    }
    return f.map(r -> r == null ? new Resolution(candidates.get(0), null, List.of()) : r);
  }

  /**
   * The visible customer the line names, when it names one and that resolves to one customer; else
   * null (the command goes on without a customer).
   */
  Future<Customer> customerIfNamed(Actor actor, ParsedCommand p) {
    return p.customerCandidates().isEmpty()
        ? Future.succeededFuture(null)
        : resolve(actor, p.customerCandidates(), CustomerSearch.Scope.VISIBLE, p.customerId())
            .map(r -> r.customer);
  }

  /** 星河框架合同 → tries 星河框架合同, 星河框架合, ..., 星河: the customer is the longest prefix that finds one. */
  Future<Resolution> resolveByPrefix(Actor actor, String phrase) {
    List<String> prefixes = new ArrayList<>();
    String compact = phrase.replace(" ", "");
    String first = phrase.split(" ")[0];
    prefixes.add(first);
    for (int n = Math.min(compact.length(), 12); n >= 2; n--) {
      String pre = compact.substring(0, n);
      if (!prefixes.contains(pre)) {
        prefixes.add(pre);
      }
    }
    return resolve(actor, prefixes, CustomerSearch.Scope.VISIBLE);
  }

  private static Resolution decide(String typed, List<CustomerHit> hits) {
    if (hits.isEmpty()) {
      return new Resolution(typed, null, hits);
    }
    CustomerHit top = hits.get(0);
    boolean clear = hits.size() == 1 || top.score() >= 90 && top.score() > hits.get(1).score();
    return new Resolution(typed, clear ? top.customer() : null, hits);
  }

  Future<ChatMessage> withCustomer(
      Actor actor,
      ParsedCommand p,
      String text,
      CustomerSearch.Scope scope,
      Function<Customer, Future<ChatMessage>> then) {
    return resolve(actor, p.customerCandidates(), scope, p.customerId())
        .compose(
            r -> {
              if (r.customer != null) {
                return then.apply(r.customer);
              }
              if (r.hits.isEmpty()) {
                return scope == CustomerSearch.Scope.POOL
                    ? Future.succeededFuture(ChatMessage.text("公海里没有找到「" + r.typed + "」。"))
                    : noneVisible(actor, r.typed, text);
              }
              return questions.remember(actor, p, "customer").map(v -> choose(r, text, r.typed));
            });
  }

  /**
   * A name no visible customer has: one in the pool is said to be there, with 领取 (offering to
   * create it would only meet its name taken); else a near name, or the offer to create it.
   */
  private Future<ChatMessage> noneVisible(Actor actor, String typed, String text) {
    return exactNames
        .only(actor, typed, CustomerSearch.Scope.POOL)
        .compose(
            pooled ->
                pooled != null
                    ? Future.succeededFuture(pooled(pooled.customer().name()))
                    : didYouMean.orElse(actor, typed, text, () -> notFound(typed)));
  }

  static ChatMessage pooled(String name) {
    return offer("客户「" + name + "」在公海中", "领取后再发一次刚才这句话即可。", "领取 " + name, "领取 " + name);
  }

  static ChatMessage notFound(String typed) {
    return offer("没有找到客户「" + typed + "」", "要先新建这个客户吗？", "新客户 " + typed, "新建客户 " + typed);
  }

  /** A card with one button that runs {@code line}. */
  private static ChatMessage offer(String title, String text, String line, String button) {
    return new ChatMessage(
        title, text, List.of(), List.of(new Button("cmd:" + line, label(button))));
  }

  /** A card to choose among several customers; each button re-runs the line with the full name. */
  static ChatMessage choose(Resolution r, String text, String typed) {
    String line = CommandParser.normalize(text);
    List<Button> buttons =
        r.hits.stream()
            .limit(5)
            .map(
                h ->
                    new Button(
                        "cmd:" + withName(line, typed, h.customer().name()),
                        label(h.customer().name())))
            .toList();
    return new ChatMessage("找到多个「" + typed + "」", "请选择是哪一个：", List.of(), buttons);
  }

  /** The line again with the name as typed replaced by {@code name}: what a choice button runs. */
  static String withName(String line, String typed, String name) {
    return line.contains(typed)
        ? line.replaceFirst(
            java.util.regex.Pattern.quote(typed), java.util.regex.Matcher.quoteReplacement(name))
        : line;
  }
}
