package com.chatcrm.gateway;

/** A platform API answered with a non-zero error code (or an HTTP error) that retries did not cure. */
public final class PlatformError extends RuntimeException {

  private final String platform;
  private final int errcode;

  public PlatformError(String platform, int errcode, String errmsg) {
    super(platform + " error " + errcode + ": " + errmsg, null, false, false);
    this.platform = platform;
    this.errcode = errcode;
  }

  public String platform() {
    return platform;
  }

  public int errcode() {
    return errcode;
  }
}
