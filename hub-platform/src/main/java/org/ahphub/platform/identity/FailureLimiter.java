package org.ahphub.platform.identity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets of failed credential checks, one per source (a client address or a key): each failure
 * takes a token, tokens come back at {@code perMinute} a minute up to {@code perMinute}. An empty bucket
 * blocks its source until a token is back. At most {@code maxSources} buckets are kept (the least
 * recently touched go first), so made-up keys cannot fill the memory.
 */
final class FailureLimiter {

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  private final int perMinute;
  private final Map<String, Bucket> buckets;

  FailureLimiter(int perMinute, int maxSources) {
    this.perMinute = perMinute;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxSources;
      }
    };
  }

  /** Milliseconds until {@code source} may try again; 0 when it may now. */
  synchronized long waitMillis(String source, long now) {
    if (perMinute <= 0 || source == null) {
      return 0;
    }
    Bucket bucket = buckets.get(source);
    if (bucket == null) {
      return 0;
    }
    refill(bucket, now);
    return bucket.tokens >= 1 ? 0 : (long) Math.ceil((1 - bucket.tokens) * 60_000.0 / perMinute);
  }

  synchronized void failed(String source, long now) {
    if (perMinute <= 0 || source == null) {
      return;
    }
    Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(perMinute, now));
    refill(bucket, now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /** Gives back a token taken for a check that then succeeded. */
  synchronized void refund(String source) {
    if (perMinute <= 0 || source == null) {
      return;
    }
    Bucket bucket = buckets.get(source);
    if (bucket != null) {
      bucket.tokens = Math.min(perMinute, bucket.tokens + 1);
    }
  }

  private void refill(Bucket bucket, long now) {
    if (now > bucket.at) {
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMinute / 60_000.0);
      bucket.at = now;
    }
  }
}
