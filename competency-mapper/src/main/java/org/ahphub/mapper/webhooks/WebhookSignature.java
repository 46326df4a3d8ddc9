package org.ahphub.mapper.webhooks;

/**
 * Where the webhook benchmark (hub's {@code org.ahphub.bench}) still looks for Standard Webhooks signing,
 * which moved to passport sharing with the webhooks. Remove once the benchmark imports
 * {@link org.ahphub.sharing.webhooks.WebhookSignature} itself.
 */
@Deprecated(forRemoval = true)
public final class WebhookSignature {

  private WebhookSignature() {}

  public static String sign(String secret, String id, long timestampSeconds, String body) {
    return org.ahphub.sharing.webhooks.WebhookSignature.sign(secret, id, timestampSeconds, body);
  }
}
