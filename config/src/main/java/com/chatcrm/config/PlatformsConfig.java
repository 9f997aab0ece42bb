package com.chatcrm.config;

/**
 * Where the chat platforms' APIs are: a real base URL, or {@code sandbox} for the built-in stand-in
 * served on this service's own port.
 */
public record PlatformsConfig(
    String wecomApiBaseUrl, String dingtalkApiBaseUrl, String dingtalkOapiBaseUrl) {

  public static final String SANDBOX = "sandbox";
}
