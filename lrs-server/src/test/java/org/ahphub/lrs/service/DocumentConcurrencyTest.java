package org.ahphub.lrs.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Optional;
import org.ahphub.lrs.service.DocumentService.Preconditions;
import org.ahphub.lrs.service.DocumentService.Requirement;
import org.ahphub.lrs.store.DocumentStore.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Document concurrency (Communication 3.1): ETags, If-Match, If-None-Match")
class DocumentConcurrencyTest {

  private static final Buffer CONTENT = Buffer.buffer("{\"a\":1}");
  private static final String ETAG = DocumentService.etag(CONTENT);
  private static final Optional<Document> EXISTING =
      Optional.of(new Document(CONTENT, "application/json", ETAG, Instant.now()));

  @Test
  @DisplayName("the ETag is the SHA-1 of the content, 40 hex digits")
  void etagIsSha1Hex() {
    assertThat(ETAG).matches("[0-9a-f]{40}");
  }

  @Test
  @DisplayName("If-Match with the current ETag (quoted, weak or in a list) passes")
  void ifMatchWithCurrentEtagPasses() {
    assertThat(DocumentService.matches("\"" + ETAG + "\"", ETAG)).isTrue();
    assertThat(DocumentService.matches("W/\"" + ETAG + "\"", ETAG)).isTrue();
    assertThat(DocumentService.matches("\"other\", \"" + ETAG + "\"", ETAG)).isTrue();
    assertThat(check(EXISTING, new Preconditions("\"" + ETAG + "\"", null), Requirement.WHEN_EXISTS).succeeded())
        .isTrue();
  }

  @Test
  @DisplayName("If-Match with another ETag, or with no document, is 412 Precondition Failed")
  void ifMatchMismatchIs412() {
    assertThat(failure(EXISTING, new Preconditions("\"0000\"", null), Requirement.NONE))
        .isInstanceOf(XapiException.PreconditionFailed.class);
    assertThat(failure(Optional.empty(), new Preconditions("*", null), Requirement.NONE))
        .isInstanceOf(XapiException.PreconditionFailed.class);
  }

  @Test
  @DisplayName("If-None-Match: * is 412 when the document exists and passes when it does not")
  void ifNoneMatchStar() {
    assertThat(failure(EXISTING, new Preconditions(null, "*"), Requirement.WHEN_EXISTS))
        .isInstanceOf(XapiException.PreconditionFailed.class);
    assertThat(check(Optional.empty(), new Preconditions(null, "*"), Requirement.ALWAYS).succeeded()).isTrue();
  }

  @Test
  @DisplayName("a PUT without either header over an existing document is 409 Conflict")
  void blindOverwriteIs409() {
    assertThat(failure(EXISTING, Preconditions.NONE, Requirement.WHEN_EXISTS))
        .isInstanceOf(XapiException.Conflict.class);
    assertThat(failure(EXISTING, Preconditions.NONE, Requirement.ALWAYS)).isInstanceOf(XapiException.Conflict.class);
  }

  @Test
  @DisplayName("1.0.3 profiles: a PUT without either header to a new document is 400; State may be written freely")
  void profilePutWithoutHeaderIs400() {
    assertThat(failure(Optional.empty(), Preconditions.NONE, Requirement.ALWAYS))
        .isInstanceOf(XapiException.BadRequest.class);
    assertThat(check(EXISTING, Preconditions.NONE, Requirement.NONE).succeeded()).isTrue();
  }

  private static Future<Void> check(Optional<Document> existing, Preconditions preconditions, Requirement required) {
    return DocumentService.check(existing, preconditions, required);
  }

  private static Throwable failure(Optional<Document> existing, Preconditions preconditions, Requirement required) {
    Future<Void> result = check(existing, preconditions, required);
    assertThat(result.failed()).isTrue();
    return result.cause();
  }
}
