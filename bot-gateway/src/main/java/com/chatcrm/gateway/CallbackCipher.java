package com.chatcrm.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The callback envelope WeCom and DingTalk share (WeCom's 加解密方案, which DingTalk adopted):
 * AES-256-CBC with the 43-character key, IV = its first 16 bytes, PKCS#7 to 32-byte blocks,
 * plaintext {@code random16 || len4 || msg || receiver}, and a SHA-1 signature over the sorted
 * token, timestamp, nonce and ciphertext. Opening is strict — exact padding, a length inside the
 * buffer, the receiver we expect — which the platforms' reference code and WxJava are not.
 */
public final class CallbackCipher {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final byte[] key;
  private final String receiver;

  /**
   * @param encodingAesKey the 43-character key of the app's callback settings (checked by the
   *     caller)
   * @param receiver what the plaintext must end with: the corp id (WeCom) or owner key (DingTalk)
   */
  public CallbackCipher(String encodingAesKey, String receiver) {
    this.key = Base64.getDecoder().decode(encodingAesKey + "=");
    this.receiver = receiver;
  }

  /** Decrypts a callback's ciphertext and checks it was sealed for our receiver. */
  public String open(String encrypted) {
    byte[] plain;
    try {
      plain = cipher(Cipher.DECRYPT_MODE).doFinal(Base64.getDecoder().decode(encrypted));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CallbackRejected("undecryptable", "cannot decrypt the callback");
    }
    int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > 32 || pad > plain.length) {
      throw new CallbackRejected("undecryptable", "bad padding");
    }
    for (int i = plain.length - pad; i < plain.length; i++) {
      if ((plain[i] & 0xff) != pad) {
        throw new CallbackRejected("undecryptable", "bad padding");
      }
    }
    int end = plain.length - pad;
    if (end < 20) {
      throw new CallbackRejected("undecryptable", "buffer too short");
    }
    int len = ByteBuffer.wrap(plain, 16, 4).getInt();
    // compared by subtraction: 20 + len overflows for a crafted length near Integer.MAX_VALUE
    if (len < 0 || len > end - 20) {
      throw new CallbackRejected("undecryptable", "message length outside the buffer");
    }
    String sealedFor = new String(plain, 20 + len, end - 20 - len, StandardCharsets.UTF_8);
    if (!receiver.equals(sealedFor)) {
      // the receiver found is not echoed: it is whatever the ciphertext decrypted to
      throw new CallbackRejected(
          "wrong_receiver", "callback was encrypted for another receiver than " + receiver);
    }
    // the platforms send UTF-8: anything else inside a genuine envelope was not written by them,
    // and a
    // lenient decoding would store replacement characters as if a person had typed them
    return CallbackInput.utf8(plain, 20, len, "the message is not valid UTF-8");
  }

  /**
   * Runs a step of opening a callback so that nothing a library throws leaves it with its own
   * message (WxJava's carried the token): whatever is not already a {@link CallbackRejected}
   * becomes one with a fixed message.
   */
  public static String guarded(Supplier<String> step) {
    try {
      return step.get();
    } catch (CallbackRejected e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CallbackRejected("undecryptable", "the callback cannot be opened");
    }
  }

  /** Encrypts with a fresh random prefix. */
  public String seal(String plain) {
    return seal(randomPrefix(), plain);
  }

  /** The same with a chosen 16-character prefix: deterministic, for test vectors. */
  public String seal(String randomPrefix, String plain) {
    byte[] msg = plain.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(randomPrefix.getBytes(StandardCharsets.UTF_8));
    buf.writeBytes(ByteBuffer.allocate(4).putInt(msg.length).array());
    buf.writeBytes(msg);
    buf.writeBytes(receiver.getBytes(StandardCharsets.UTF_8));
    int pad = 32 - (buf.size() % 32);
    for (int i = 0; i < pad; i++) {
      buf.write(pad);
    }
    try {
      return Base64.getEncoder()
          .encodeToString(cipher(Cipher.ENCRYPT_MODE).doFinal(buf.toByteArray()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES unavailable", e);
    }
  }

  /** sha1hex of the values sorted and concatenated: the msg_signature of both platforms. */
  public static String signature(String... parts) {
    String[] sorted = parts.clone();
    Arrays.sort(sorted);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of()
          .formatHex(sha1.digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a signature the platform sent matches the expected one, in constant time. */
  public static boolean sameSignature(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            given.getBytes(StandardCharsets.US_ASCII));
  }

  /** 16 letters and digits, as the platforms' own libraries make them. */
  public static String randomPrefix() {
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private Cipher cipher(int mode) throws GeneralSecurityException {
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
    return aes;
  }
}
