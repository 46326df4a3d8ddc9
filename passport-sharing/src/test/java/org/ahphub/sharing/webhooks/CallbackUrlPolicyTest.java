package org.ahphub.sharing.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlPolicyTest {

  private final CallbackUrlPolicy production = new CallbackUrlPolicy(false);
  private final CallbackUrlPolicy development = new CallbackUrlPolicy(true);

  @Test
  @DisplayName("outside development mode only https URLs with a host and no credentials are accepted")
  void httpsOnly() {
    assertThat(production.problemWith("https://hooks.example.org/ahp")).isEmpty();
    assertThat(production.problemWith("http://hooks.example.org/ahp")).get().asString().contains("https");
    assertThat(production.problemWith("https://user:pw@hooks.example.org/")).isPresent();
    assertThat(production.problemWith("ftp://hooks.example.org/")).isPresent();
    assertThat(production.problemWith("/relative")).isPresent();
    assertThat(development.problemWith("http://127.0.0.1:9000/hook")).isEmpty();
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
      "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254"})
  @DisplayName("private, loopback, link-local and other internal addresses are refused outside development mode")
  void internalAddresses(String address) throws Exception {
    InetAddress inet = InetAddress.getByName(address);
    assertThat(production.allows(inet)).isFalse();
    assertThat(development.allows(inet)).isTrue();
  }

  @ParameterizedTest(name = "{0} is allowed")
  @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"})
  @DisplayName("public addresses are allowed")
  void publicAddresses(String address) throws Exception {
    assertThat(production.allows(InetAddress.getByName(address))).isTrue();
  }
}
