package org.ahphub.connectors.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.pipeline.RejectsSink;

/** The sample files under {@code src/test/resources/samples}, and a rejects sink that keeps them. */
public final class Samples {

  private Samples() {}

  public static Path path(String name) {
    try {
      return Path.of(Samples.class.getResource("/samples/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no sample " + name, e);
    }
  }

  public static final class Rejects implements RejectsSink {
    public final List<Reject> all = new ArrayList<>();

    @Override
    public void begin(long resumeAfterLine) { }

    @Override
    public void reject(Reject reject) {
      all.add(reject);
    }

    @Override
    public void close() { }

    public List<Long> lines() {
      return all.stream().map(Reject::line).distinct().toList();
    }
  }
}
