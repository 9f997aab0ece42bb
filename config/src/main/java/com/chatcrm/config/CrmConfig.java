package com.chatcrm.config;

/** The whole, validated configuration of one service process. */
public record CrmConfig(
    String profile,
    HttpConfig http,
    DatabaseConfig db,
    SandboxConfig sandbox,
    PlatformsConfig platforms,
    MailConfig mail,
    MiniAppSettings miniApp,
    ReminderPacing reminders,
    ReportSchedule reports,
    DirectorySchedule directory,
    LeadSettings leads,
    ManagementConfig management,
    SecretsConfig secrets,
    OperatorConfig operator) {}
