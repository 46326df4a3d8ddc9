package org.ahphub.lrs.it;

import org.ahphub.lrs.LrsServer;

/**
 * A throwaway LRS for the ADL conformance suite (github adlnet/lrs-conformance-test-suite): the
 * LRS on the test infrastructure's embedded PostgreSQL (a fresh database) and in-JVM Kafka.
 *
 * <pre>
 *   cd lrs-server
 *   mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.cp
 *   mvn -q -o test-compile
 *   java -cp target/classes:target/test-classes:$(cat target/test.cp) org.ahphub.lrs.it.ConformanceLrs
 *   # prints "conformance LRS ready on http://127.0.0.1:PORT/xapi key=test-key secret=test-secret"
 *   cd lrs-conformance-test-suite
 *   node bin/console_runner.js -e http://127.0.0.1:PORT/xapi -a -u test-key -p test-secret -x 1.0.3 -z
 *   node bin/console_runner.js -e http://127.0.0.1:PORT/xapi -a -u test-key -p test-secret -x 2.0.0 -z
 * </pre>
 */
public final class ConformanceLrs {

  private ConformanceLrs() {}

  public static void main(String[] args) throws InterruptedException {
    TestLrs lrs = TestLrs.start();
    LrsServer server = lrs.server();
    System.out.println("conformance LRS ready on http://127.0.0.1:" + server.port() + "/xapi key=" + TestLrs.KEY
        + " secret=" + TestLrs.SECRET);
    Runtime.getRuntime().addShutdownHook(new Thread(lrs::close));
    Thread.currentThread().join();
  }
}
