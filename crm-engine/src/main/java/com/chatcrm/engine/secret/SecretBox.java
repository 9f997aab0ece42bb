package com.chatcrm.engine.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets stored in the database (platform app secrets, AES keys, callback tokens) with
 * AES-256-GCM under a master key from the environment. A sealed value reads {@code enc:v1:<key
 * id>:<base64 of nonce, ciphertext and tag>}; the key id (the first 8 hex digits of the key's
 * SHA-256) says which master key opens it, so a rotation can run while older values are still read
 * with the previous key. The associated data names where the value lives (tenant, channel, field):
 * a sealed value copied to another tenant's row does not open.
 *
 * <p>JDK crypto by hand: the envelope is a dozen lines, and Tink or a KMS client would add a
 * dependency for no more safety here.
 */
public final class SecretBox {

  /** The prefix of every sealed value. */
  public static final String PREFIX = "enc:v1:";

  /**
   * The key of the dev profile when no master key is set: public (it is in this file), so it only
   * keeps secrets out of plain sight in a database dump. Production refuses to start without a key.
   */
  private static final byte[] DEV_KEY =
      sha256("chat-crm public development master key; never for production");

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String currentId;
  private final Map<String, SecretKeySpec> keys;

  private SecretBox(List<byte[]> keysCurrentFirst) {
    Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
    for (byte[] key : keysCurrentFirst) {
      byId.putIfAbsent(keyId(key), new SecretKeySpec(key, "AES"));
    }
    this.keys = Map.copyOf(byId);
    this.currentId = keyId(keysCurrentFirst.get(0));
  }

  /**
   * The master key {@code current} (base64 of 32 bytes) and the keys still accepted for reading
   * ({@code previous}, each base64 of 32 bytes).
   *
   * @throws IllegalArgumentException naming which key is malformed, never echoing it
   */
  public static SecretBox of(String current, List<String> previous) {
    List<byte[]> all = new ArrayList<>();
    all.add(decodeKey(current, "the master key"));
    for (int i = 0; i < previous.size(); i++) {
      all.add(decodeKey(previous.get(i), "previous key " + (i + 1)));
    }
    return new SecretBox(all);
  }

  /** The dev profile's box without a configured key (see {@link #DEV_KEY}). */
  public static SecretBox development() {
    return new SecretBox(List.of(DEV_KEY));
  }

  /** Whether this box seals with the public development key. */
  public boolean isDevelopmentKey() {
    return currentId.equals(keyId(DEV_KEY));
  }

  /** The id of the key new values are sealed with. */
  public String currentKeyId() {
    return currentId;
  }

  /** Whether {@code value} is sealed at all. */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** Whether {@code value} is sealed with the current key (nothing to re-seal). */
  public boolean isCurrent(String value) {
    return isSealed(value) && value.startsWith(PREFIX + currentId + ":");
  }

  /** Seals {@code plaintext} under the current key, bound to {@code where}. */
  public String seal(String plaintext, String where) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * Opens a value sealed by {@link #seal} for the same {@code where}; a value that is not sealed
   * (stored before sealing existed) is answered as it is.
   *
   * @throws SecretUnreadable when the key is not configured here or the value was tampered with
   */
  public String open(String value, String where) {
    if (!isSealed(value)) {
      return value;
    }
    String rest = value.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    String id = colon < 0 ? "" : rest.substring(0, colon);
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new SecretUnreadable(
          where
              + " is sealed with master key "
              + id
              + ", which this node does not have (set it as CRM_SECRETS_MASTER_KEY or in"
              + " CRM_SECRETS_PREVIOUS_KEYS)");
    }
    try {
      byte[] in = Base64.getDecoder().decode(rest.substring(colon + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(where.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SecretUnreadable(where + " does not open with master key " + id);
    }
  }

  /** A new random master key, base64, for {@code generate-master-key}. */
  public static String newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] decodeKey(String base64, String what) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not base64");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          what
              + " must be 32 bytes in base64 (it has "
              + key.length
              + "); make one with"
              + " `openssl rand -base64 32`");
    }
    return key;
  }

  private static String keyId(byte[] key) {
    return HexFormat.of().formatHex(sha256(key), 0, 4);
  }

  private static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
