package com.chatcrm.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.chatcrm.engine.Engine;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.sqlclient.Pool;

/** The module graph of shared/docs/design.md, checked on the compiled classes of all modules. */
@AnalyzeClasses(packages = "com.chatcrm", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

  @ArchTest
  static final ArchRule engineKnowsNoHttp =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vertx.ext.web..", "io.vertx.core.http..")
          .because("the engine knows nothing of HTTP; the gateway and the mini-app speak it");

  @ArchTest
  static final ArchRule engineKnowsNoChatPlatform =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "me.chanjar..",
              "com.aliyun..",
              "com.dingtalk..",
              "com.taobao..",
              "com.github.binarywang..")
          .because("DingTalk and WeCom live behind ports implemented in bot-gateway");

  @ArchTest
  static final ArchRule languageKnowsNothingOfOurs =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.language..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(
                      "io.vertx..",
                      "me.chanjar..",
                      "com.aliyun..",
                      "com.dingtalk..",
                      "com.taobao..",
                      "com.github.binarywang..")
                  .or(
                      resideInAPackage("com.chatcrm..")
                          .and(resideOutsideOfPackage("com.chatcrm.language.."))))
          .because(
              "the chat language is pure: no Vert.x, no engine, no chat platform (chat-language → nothing of ours)");

  @ArchTest
  static final ArchRule engineUsesNoOuterModule =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.chatcrm.gateway..", "com.chatcrm.miniapp..", "com.chatcrm.server..");

  @ArchTest
  static final ArchRule gatewayAndMiniAppStayApart =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.chatcrm.miniapp..", "com.chatcrm.server..");

  @ArchTest
  static final ArchRule miniAppDoesNotReachIntoTheGateway =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.miniapp..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.chatcrm.gateway..", "com.chatcrm.server..");

  @ArchTest
  static final ArchRule onlyTheBenchUsesTheDemoGenerator =
      noClasses()
          .that()
          .resideOutsideOfPackages("com.chatcrm.demo..", "com.chatcrm.bench..")
          .and()
          .doNotHaveSimpleName("SandboxWiring")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.chatcrm.demo..")
          .because(
              "the demo-data generators are for dev and the bench (#18): the shipped server reaches"
                  + " them only through SandboxWiring, built in sandbox mode alone");

  @ArchTest
  static final ArchRule configIsALeaf =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.chatcrm.engine..",
              "com.chatcrm.gateway..",
              "com.chatcrm.miniapp..",
              "com.chatcrm.server..",
              "io.vertx..");

  /** A call that builds an engine object from a pool: a service, a cache, an {@link Engine}. */
  private static <T extends JavaCall<?>> DescribedPredicate<T> buildsEngineFromAPool() {
    return DescribedPredicate.describe(
        "builds an engine object from a Pool",
        call ->
            call.getTargetOwner().getPackageName().startsWith("com.chatcrm.engine")
                && call.getTarget().getRawParameterTypes().stream()
                    .anyMatch(type -> type.isEquivalentTo(Pool.class)));
  }

  @ArchTest
  static final ArchRule onlyTheCompositionRootBuildsTheEngine =
      noClasses()
          .that()
          .resideInAnyPackage(
              "com.chatcrm.gateway..", "com.chatcrm.miniapp..", "com.chatcrm.sandbox..")
          .should()
          .callConstructorWhere(buildsEngineFromAPool())
          .orShould()
          .callMethodWhere(buildsEngineFromAPool())
          .because(
              "the gateway and the mini-app use the services the composition root built once"
                  + " (one set of caches per process: a funnel changed in one is never stale in"
                  + " the other)");

  @ArchTest
  static final ArchRule prodWiringNeverReachesTheSandbox =
      noClasses()
          .that()
          .resideOutsideOfPackages("com.chatcrm.sandbox..", "com.chatcrm.bench..")
          .and()
          .doNotHaveSimpleName("SandboxWiring")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.chatcrm.sandbox..")
          .because(
              "the platform stand-ins are wired only by SandboxWiring, which the composition root"
                  + " builds only in sandbox mode (refused by the prod profile)");

  @ArchTest
  static final ArchRule gatewayKnowsNoSandbox =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.chatcrm.sandbox..")
          .because(
              "the sandbox plays the platforms against the gateway, never the other way (#18)");

  @ArchTest
  static final ArchRule sandboxGoesThroughEngineServices =
      noClasses()
          .that()
          .resideInAPackage("com.chatcrm.sandbox..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vertx.sqlclient..")
          .because("the sandbox reads and writes only through the engine's services (#18)");

  @ArchTest
  static final ArchRule transactionsGoThroughOnePlace =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("com.chatcrm.engine.db.Transactions")
          .and()
          .resideOutsideOfPackages("com.chatcrm.bench..", "com.chatcrm.demo..")
          .and()
          .haveSimpleNameNotEndingWith("Test")
          .should()
          .callMethod(Pool.class, "withTransaction", java.util.function.Function.class)
          .because(
              "Transactions.run gives the connection an exception handler: without one Vert.x"
                  + " prints a connection the server ends mid-transaction to standard error");
}
