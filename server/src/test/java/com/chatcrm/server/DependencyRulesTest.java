package com.chatcrm.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.chatcrm.demo..")
          .because(
              "the demo-data generator is for dev and the bench (#18): the shipped server never reaches it");

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
}
