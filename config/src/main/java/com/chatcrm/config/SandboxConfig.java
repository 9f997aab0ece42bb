package com.chatcrm.config;

/** The local stand-in for the DingTalk and WeCom open APIs; on in dev, off in production. */
public record SandboxConfig(boolean enabled) {}
