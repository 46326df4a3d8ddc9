package org.ahphub.mapper.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.ahphub.events.EventTypes;
import org.ahphub.mapper.framework.Framework;
import org.ahphub.mapper.messages.StatementEvent;
import org.ahphub.mapper.rules.Credit;
import org.ahphub.mapper.rules.RuleData;
import org.ahphub.mapper.store.CatalogueStore;
import org.ahphub.mapper.store.PassportStore;
import org.ahphub.mapper.store.PersonStore;
import org.ahphub.mapper.store.ReplayStore;
import org.ahphub.mapper.store.Stores;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fire safety's renewal period (MAPPER_FIRE_SAFETY_RENEWAL) decides how long its credit lasts; nothing else changes. */
class FireSafetyRenewalTest {

  private static final Framework FRAMEWORK = Framework.load();
  /** Passed on 2026-03-05T10:15:00Z (fixtures/statutory-mandatory-training/fire-safety.json). */
  private static final Instant PASSED = Instant.parse("2026-03-05T10:15:00Z");

  /** A store with an empty activity catalogue: all the service asks of it to credit a statement. */
  private static Stores emptyCatalogue() {
    return new Stores(unsupported(PassportStore.class), unsupported(PersonStore.class),
        (CatalogueStore) Proxy.newProxyInstance(CatalogueStore.class.getClassLoader(), new Class<?>[] {CatalogueStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("catalogue")) {
                return Future.succeededFuture(Map.of());
              }
              throw new UnsupportedOperationException(method.getName());
            }),
        unsupported(ReplayStore.class));
  }

  private static <T> T unsupported(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        }));
  }

  private static JsonObject fixture(String name) throws IOException {
    try (InputStream in = FireSafetyRenewalTest.class.getResourceAsStream("/fixtures/statutory-mandatory-training/" + name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("statement");
    }
  }

  private static List<Credit> credits(PassportService service, JsonObject statement) {
    return service.outcome(new StatementEvent(statement.getString("id"), EventTypes.STATEMENT_STORED, statement))
        .await().credits();
  }

  @Test
  @DisplayName("by default a fire safety pass counts for one year")
  void oneYearByDefault() throws IOException {
    PassportService service = new PassportService(FRAMEWORK, emptyCatalogue(), Clock.systemUTC());

    assertThat(credits(service, fixture("fire-safety.json"))).isNotEmpty()
        .allSatisfy(credit -> assertThat(credit.validUntil()).isEqualTo(Instant.parse("2027-03-05T10:15:00Z")));
  }

  @Test
  @DisplayName("with a renewal of P2Y or P18M the same pass counts for two years or eighteen months")
  void configuredRenewal() throws IOException {
    PassportService twoYears = new PassportService(FRAMEWORK, emptyCatalogue(), Clock.systemUTC(), Period.ofYears(2));
    PassportService eighteenMonths = new PassportService(FRAMEWORK, emptyCatalogue(), Clock.systemUTC(),
        Period.ofMonths(18));

    assertThat(credits(twoYears, fixture("fire-safety.json"))).hasSize(3)
        .allSatisfy(credit -> {
          assertThat(credit.competencyNumber()).isEqualTo("5.1");
          assertThat(credit.validFrom()).isEqualTo(PASSED);
          assertThat(credit.validUntil()).isEqualTo(Instant.parse("2028-03-05T10:15:00Z"));
        });
    assertThat(credits(eighteenMonths, fixture("fire-safety.json")))
        .allSatisfy(credit -> assertThat(credit.validUntil()).isEqualTo(Instant.parse("2027-09-05T10:15:00Z")));
  }

  @Test
  @DisplayName("other subjects keep their own renewal periods")
  void otherSubjectsUnchanged() {
    RuleData yearly = RuleData.load(FRAMEWORK);
    RuleData twoYearly = RuleData.load(FRAMEWORK, Period.ofYears(2));

    twoYearly.subjectsByIri().forEach((iri, subject) -> {
      Period expected = subject.code().equals(RuleData.FIRE_SAFETY) ? Period.ofYears(2)
          : yearly.subjectsByIri().get(iri).renewal();
      assertThat(subject.renewal()).as(subject.code()).isEqualTo(expected);
    });
    assertThat(yearly.subjectsByIri().get(RuleData.CSTF_PREFIX + RuleData.FIRE_SAFETY).renewal())
        .isEqualTo(Period.ofYears(1));
  }

  @Test
  @DisplayName("the rule data refuses a fire safety renewal outside one to two years")
  void ruleDataRefusesOutsideTheRange() {
    for (Period wrong : List.of(Period.ofMonths(11), Period.ofMonths(25), Period.ofYears(3), Period.of(1, 0, 10))) {
      assertThatThrownBy(() -> RuleData.load(FRAMEWORK, wrong)).as(wrong.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("from P1Y to P2Y");
    }
  }
}
