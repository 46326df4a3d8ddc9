package org.ahphub.platform.privacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.ahphub.platform.crypto.SecretBox;

/**
 * One module's share of what the hub holds about a person, for a subject access request (export) and an erasure
 * request (UK GDPR articles 15 and 17). Each module that stores personal data implements it over its own schema,
 * so the list of what is held lives beside the tables that hold it; the passport service finds the parts on its
 * class path ({@link #discover}) and runs them in {@link #ORDER}.
 */
public interface PersonalData {

  /**
   * The parts in the order an erasure runs them: sharing first (it tells the organisations that may see the person,
   * while it still knows who they are), then the LRS's statements and documents, then the passport itself.
   */
  List<String> ORDER = List.of("sharing", "lrs", "passport");

  /** This part's name, one of {@link #ORDER}. */
  String part();

  /** Writes what this part holds about the subject into the archive. */
  Future<Void> export(DataSubject subject, ExportArchive archive);

  /** Deletes what this part holds about the subject. Idempotent: an erasure that stopped half-way runs it again. */
  Future<Void> erase(DataSubject subject);

  /** What a part is built with. */
  record Context(Vertx vertx, Pool pool, SecretBox box) {}

  /** Builds a part; listed in {@code META-INF/services/org.ahphub.platform.privacy.PersonalData$Provider}. */
  interface Provider {
    PersonalData create(Context context);
  }

  /** The parts registered on the class path ({@link Provider}). */
  static List<PersonalData> discover(Context context) {
    return ServiceLoader.load(Provider.class).stream().map(provider -> provider.get().create(context)).toList();
  }

  /** The parts in {@link #ORDER}, one of each. */
  static List<PersonalData> inOrder(List<PersonalData> parts) {
    java.util.Map<String, PersonalData> byName = new java.util.LinkedHashMap<>();
    parts.forEach(part -> byName.putIfAbsent(part.part(), part));
    return byName.values().stream().sorted(Comparator.comparingInt(part -> ORDER.indexOf(part.part()))).toList();
  }
}
