package dev.aifactory.policy.webhooks;

import java.util.Map;

/** Sends one signed request to a receiver. */
public interface WebhookSender {

  /** The receiver's answer, or the transport error (status null) when there was none. */
  record Response(Integer status, String error) {

    public boolean ok() {
      return status != null && status >= 200 && status < 300;
    }
  }

  Response post(String url, Map<String, String> headers, String body);
}
