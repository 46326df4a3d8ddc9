package org.ahphub.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class XapiVersionTest {

  @Test
  @DisplayName("any 1.0.x header is served as 1.0.3 and 2.0 / 2.0.0 as 2.0.0")
  void negotiation() {
    assertThat(XapiVersion.fromHeader("1.0.3")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("1.0.0")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("1.0")).contains(XapiVersion.V1_0_3);
    assertThat(XapiVersion.fromHeader("2.0.0")).contains(XapiVersion.V2_0_0);
  }

  @Test
  @DisplayName("unknown, missing and malformed versions are not supported")
  void unsupported() {
    assertThat(XapiVersion.fromHeader("0.95")).isEmpty();
    assertThat(XapiVersion.fromHeader("1.1.0")).isEmpty();
    assertThat(XapiVersion.fromHeader("3.0.0")).isEmpty();
    assertThat(XapiVersion.fromHeader(null)).isEmpty();
  }
}
