package org.ahphub.connectors.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.ahphub.connectors.pipeline.Reject;
import org.ahphub.connectors.pipeline.RejectsSink;

/**
 * A job's rejects, written to the {@link ImportJobStore} with each delivered batch (blocking: worker
 * thread only). A resumed import is a new job: it holds the rejects of the rows it read itself.
 */
final class StoredRejects implements RejectsSink {

  private final ImportJobStore store;
  private final UUID job;
  private final List<Reject> pending = new ArrayList<>();
  private int written;

  StoredRejects(ImportJobStore store, UUID job) {
    this.store = store;
    this.job = job;
  }

  @Override
  public void begin(long resumeAfterLine) { }

  @Override
  public void reject(Reject reject) throws IOException {
    pending.add(reject);
    if (pending.size() >= 1000) {
      flush();
    }
  }

  @Override
  public void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    StoredCheckpoints.await(store.addRejects(job, written + 1, List.copyOf(pending)), "save the rejects");
    written += pending.size();
    pending.clear();
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
