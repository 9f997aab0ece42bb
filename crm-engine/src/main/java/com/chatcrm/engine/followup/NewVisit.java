package com.chatcrm.engine.followup;

/**
 * A 拜访签到 as the mini-app sends it: the position the platform's JS-SDK gave ({@code accuracy} in
 * metres, may be null), the place the rep confirmed (null: the address, else just the position),
 * the platform's address if any, and a note (null: 拜访签到 at the place). No time: the server's is
 * taken.
 */
public record NewVisit(
    Double latitude, Double longitude, Double accuracy, String place, String address, String note) {

  public static NewVisit at(double latitude, double longitude, Double accuracy, String place) {
    return new NewVisit(latitude, longitude, accuracy, place, null, null);
  }
}
