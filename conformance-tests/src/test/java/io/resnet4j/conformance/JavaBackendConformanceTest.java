package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.conformance.golden.GoldenFixtures;
import io.resnet4j.conformance.golden.GoldenParity;
import io.resnet4j.conformance.golden.ParityReport;
import java.nio.file.Path;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The correct side: backend-java proves the whole contract. Its golden-parity measurements are written to
 * {@code target/parity-report.md} (the table quoted in issue notes).
 */
class JavaBackendConformanceTest implements BackendContract {
    private static final ParityReport REPORT = new ParityReport();

    @Override
    public Backend backend() {
        return Backends.open("java");
    }

    @Override
    public BigBatchHint bigBatchHint() {
        return BigBatchHint.JAVA_BACKEND;
    }

    @Override
    public void onGoldenRun(GoldenFixtures.Case c, GoldenParity.Run run) {
        System.out.println(ParityReport.table(run.taps()));
        REPORT.add(run.taps());
        REPORT.addTiming(c.arch(), c.size(), run.loadMillis(), run.forwardMillis());
    }

    @AfterContainer
    static void writeParityReport() {
        Path file = Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("parity-report.md");
        REPORT.write(file, "java");
        System.out.println("parity report written to " + file);
    }
}
