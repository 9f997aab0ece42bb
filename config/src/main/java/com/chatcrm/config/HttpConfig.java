package com.chatcrm.config;

import java.time.Duration;

/** Where the one HTTP server listens and how long a graceful stop waits for in-flight requests. */
public record HttpConfig(String host, int port, Duration shutdownGrace) {}
