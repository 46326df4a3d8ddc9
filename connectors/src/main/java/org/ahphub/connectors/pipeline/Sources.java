package org.ahphub.connectors.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ahphub.connectors.ConnectorsConfig;
import org.ahphub.connectors.apprenticeship.ApprenticeshipTranslator;
import org.ahphub.connectors.elfh.CourseSubjects;
import org.ahphub.connectors.elfh.ElfhTranslator;
import org.ahphub.connectors.input.InputException;
import org.ahphub.connectors.local.LocalTrainingTranslator;
import org.ahphub.connectors.local.SessionMapping;
import org.ahphub.connectors.state.CheckpointStore;
import org.ahphub.connectors.state.OutcomeLedger;
import org.ahphub.connectors.translate.Translator;

/** The three sources by name, each with its translator built from the configuration. */
public final class Sources {

  public static final List<String> NAMES = List.of(
      ElfhTranslator.SOURCE, ApprenticeshipTranslator.SOURCE, LocalTrainingTranslator.SOURCE);

  /** A translator and, for sources that correct outcomes, the ledger it reads. */
  public record Source(Translator translator, OutcomeLedger ledger) {}

  private Sources() {}

  public static boolean known(String name) {
    return NAMES.contains(name);
  }

  /**
   * Builds the source. Mapping files are read and checked here; every problem is reported at once
   * as an {@link InputException}.
   */
  public static Source create(String name, ConnectorsConfig config, CheckpointStore store)
      throws IOException, InputException {
    return create(name, config, store, null);
  }

  /**
   * Builds the source; for local training, {@code sessions} (an organisation's stored mapping) when
   * given, else the file {@code CONNECTORS_LOCAL_MAPPING} names.
   */
  public static Source create(String name, ConnectorsConfig config, CheckpointStore store, SessionMapping sessions)
      throws IOException, InputException {
    return switch (name) {
      case ElfhTranslator.SOURCE -> new Source(new ElfhTranslator(config.elfhActivityBase(),
          config.elfhCourseMapping() == null ? CourseSubjects.defaults() : courses(config.elfhCourseMapping()),
          config.timeZone()), null);
      case ApprenticeshipTranslator.SOURCE -> {
        OutcomeLedger ledger = store.loadLedger(ApprenticeshipTranslator.SOURCE);
        yield new Source(new ApprenticeshipTranslator(config.apprenticeshipHomePage(), ledger, config.timeZone()),
            ledger);
      }
      case LocalTrainingTranslator.SOURCE -> {
        if (config.localHomePage() == null || (sessions == null && config.localMapping() == null)) {
          throw new InputException(List.of(
              "local training needs the trust's account homePage (--home-page or CONNECTORS_LOCAL_HOME_PAGE)"
                  + " and the session mapping file (--mapping or CONNECTORS_LOCAL_MAPPING)"));
        }
        yield new Source(new LocalTrainingTranslator(config.localHomePage(),
            sessions != null ? sessions : sessions(config.localMapping()), config.timeZone()), null);
      }
      default -> throw InputException.of("unknown source '" + name + "': use one of " + String.join(", ", NAMES));
    };
  }

  private static CourseSubjects courses(Path file) throws IOException, InputException {
    try (InputStream in = Files.newInputStream(file)) {
      return CourseSubjects.load(in, file.getFileName().toString());
    }
  }

  private static SessionMapping sessions(Path file) throws IOException, InputException {
    try (InputStream in = Files.newInputStream(file)) {
      return SessionMapping.load(in, file.getFileName().toString());
    }
  }
}
