package com.chatcrm.language;

import com.chatcrm.language.CommandParser.StageName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A measuring harness run by hand, not a test: {@code bench} parses a mix weighted to WeCom 跟进
 * lines and prints µs per parse ({@code bench N followups}: the 跟进 lines alone); {@code golden
 * FILE} writes every parse of the test lines (and variants) to FILE, so a change to the parser's
 * speed can be diffed for a change of any result.
 *
 * <p>Run: {@code mvn -B -o -q -pl chat-language test-compile}, then {@code java -cp
 * chat-language/target/classes:chat-language/target/test-classes:$(cat cp.txt)
 * com.chatcrm.language.ParseThroughput bench 200000}.
 */
final class ParseThroughput {

  private static final String FOLLOW_UP_TAIL = " 电话沟通了报价，客户觉得价格偏高，希望再优惠一些，对方采购在比较两家供应商";

  private static final List<StageName> RENAMED =
      List.of(
          new StageName("线索", StageKind.OPEN),
          new StageName("商务谈判", StageKind.OPEN),
          new StageName("合同审批", StageKind.OPEN),
          new StageName("成交", StageKind.WON),
          new StageName("流失", StageKind.LOST));

  private ParseThroughput() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 1 && args[0].equals("golden")) {
      golden(Path.of(args[1]));
    } else {
      bench(args.length > 1 ? Integer.parseInt(args[1]) : 200_000, args.length > 2);
    }
  }

  /** Every test line, as said and in a few variants, with three linkers and two stage lists. */
  private static void golden(Path out) throws IOException {
    List<String> lines = corpus();
    List<CustomerLinker> linkers =
        List.of(CustomerLinker.NONE, EvalSet.names(), TestCustomers.SPEC);
    ZonedDateTime sunday = ZonedDateTime.of(2026, 11, 29, 21, 30, 0, 0, ZoneId.of("Asia/Shanghai"));
    CommandParser parser = new CommandParser();
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      List<String> variants =
          List.of(
              l,
              "跟进 " + l,
              "提醒我 " + l,
              l + "吗?",
              l + FOLLOW_UP_TAIL,
              // upper case for the English rules, line separators and edges for the regexes' "$"
              l.toUpperCase(Locale.ROOT),
              l + "\u2028",
              "【" + l + " 。\u0085");
      for (String v : variants) {
        for (CustomerLinker linker : linkers) {
          for (List<StageName> stages : List.of(CommandParser.DEFAULT_STAGES, RENAMED)) {
            b.append(v).append('\t').append(parser.parse(v, EvalSet.NOW, stages, linker));
            b.append('\n');
          }
        }
        b.append(v).append("\tsunday\t").append(parser.parse(v, sunday, List.of(), linkers.get(1)));
        b.append('\n');
        b.append(v).append("\tkeyword\t").append(parser.leadsWithKeyword(v, EvalSet.NOW));
        b.append('\n');
        b.append(v).append("\tnormalized\t").append(CommandParser.normalize(v)).append('\n');
      }
    }
    Files.writeString(out, b.toString());
    System.out.println(lines.size() + " lines written to " + out);
  }

  /** Half the parses the 跟进 callback of the bench, half the evaluation set's lines in turn. */
  private static void bench(int n, boolean followUpsOnly) {
    CustomerNames names = EvalSet.names();
    List<String> mix = new ArrayList<>();
    List<String> eval = EvalSet.lines().stream().map(EvalSet.Line::text).toList();
    List<KnownCustomer> roster = EvalSet.roster();
    for (int i = 0; i < eval.size(); i++) {
      mix.add("跟进 " + roster.get(i % roster.size()).name() + FOLLOW_UP_TAIL);
      mix.add(
          followUpsOnly
              ? "跟进 " + roster.get((i + 7) % roster.size()).name() + FOLLOW_UP_TAIL
              : eval.get(i));
    }
    CommandParser parser = new CommandParser();
    for (int round = 0; round < 3; round++) {
      // the gateway builds the stage list afresh per message
      run(parser, mix, names, n / 4);
    }
    for (int round = 0; round < 2; round++) {
      // CPU time of this thread as well: the machine is shared, wall time counts the others' work
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      int h = run(parser, mix, names, n);
      double us = (System.nanoTime() - t0) / 1000.0 / n;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1000.0 / n;
      System.out.printf("%d parses: %.2f µs/parse wall, %.2f µs/parse CPU (%d)%n", n, us, cpu, h);
    }
  }

  private static int run(CommandParser parser, List<String> mix, CustomerLinker names, int n) {
    int h = 0;
    for (int i = 0; i < n; i++) {
      List<StageName> stages = new ArrayList<>(CommandParser.DEFAULT_STAGES);
      h += parser.parse(mix.get(i % mix.size()), EvalSet.NOW, stages, names).hashCode();
    }
    return h;
  }

  private static List<String> corpus() {
    List<String> out = new ArrayList<>();
    EvalSet.lines().forEach(l -> out.add(l.text()));
    // the bench's own lines: the callback's 跟进 for every customer of the roster
    EvalSet.roster().forEach(c -> out.add("跟进 " + c.name() + FOLLOW_UP_TAIL));
    for (String f :
        List.of("/command/lines.tsv", "/command/linked.tsv", "/command/generalize.tsv")) {
      for (String l : resource(f).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l.split("\t", -1)[0]);
        }
      }
    }
    return out;
  }

  private static String resource(String path) {
    try (InputStream in = ParseThroughput.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
