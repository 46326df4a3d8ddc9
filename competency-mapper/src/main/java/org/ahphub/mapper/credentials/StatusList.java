package org.ahphub.mapper.credentials;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The Bitstring Status List encoding: at least 131,072 bits (16 KiB), index 0 the left-most bit of the
 * first byte, GZIP-compressed, multibase base64url without padding (prefix {@code u}).
 */
public final class StatusList {

  public static final int MIN_BITS = 131_072;

  private StatusList() {}

  public static String encode(BitSet set) {
    int bits = Math.max(MIN_BITS, ((set.length() + 7) / 8) * 8);
    byte[] bytes = new byte[bits / 8];
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  public static BitSet decode(String encoded) {
    if (!encoded.startsWith("u")) {
      throw new IllegalArgumentException("encodedList must be multibase base64url (prefix u)");
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
        Base64.getUrlDecoder().decode(encoded.substring(1))))) {
      byte[] bytes = in.readAllBytes();
      BitSet set = new BitSet();
      for (int i = 0; i < bytes.length * 8; i++) {
        if ((bytes[i / 8] & (0x80 >>> (i % 8))) != 0) {
          set.set(i);
        }
      }
      return set;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
