package org.ahphub.lrs.service;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Statement ids the LRS assigns: RFC 9562 version 7 UUIDs (variant 2, which xAPI accepts), whose
 * first 48 bits are the time in milliseconds. New ids then land at the end of the id index rather
 * than on a random page of it, which keeps that index's writes cheap however large the store.
 */
final class TimeOrderedIds {

  private TimeOrderedIds() {}

  static UUID next() {
    return at(System.currentTimeMillis());
  }

  static UUID at(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(mostSignificant, leastSignificant);
  }
}
