package com.chatcrm.gateway;

/**
 * A platform API answered with a non-zero error code (or an HTTP error) that retries did not cure.
 */
public final class PlatformError extends RuntimeException {

  private final String platform;
  private final int errcode;
  private final boolean permanent;

  public PlatformError(String platform, int errcode, String errmsg) {
    this(platform, errcode, errmsg, false);
  }

  /**
   * @param permanent the platform said the request itself is wrong (e.g. DingTalk's HTTP 400 {@code
   *     staffId.notExisted}): sending it again cannot succeed
   */
  public PlatformError(String platform, int errcode, String errmsg, boolean permanent) {
    super(platform + " error " + errcode + ": " + errmsg, null, false, false);
    this.platform = platform;
    this.errcode = errcode;
    this.permanent = permanent;
  }

  public String platform() {
    return platform;
  }

  public int errcode() {
    return errcode;
  }

  /** True when retrying cannot cure it, whatever the code. */
  public boolean permanent() {
    return permanent;
  }
}
