package com.chatcrm.config;

/**
 * The local stand-in for the DingTalk and WeCom open APIs; on in dev, off in production.
 *
 * @param companies whether the sandbox companies are registered as tenants at start (with demo data
 *     in dev); false leaves them to be registered by hand, as a deployer registers a real one
 */
public record SandboxConfig(boolean enabled, boolean companies) {}
