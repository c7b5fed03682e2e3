package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.conformance.golden.GoldenFixtures;
import io.resnet4j.conformance.golden.GoldenParity;
import io.resnet4j.conformance.golden.ParityReport;
import io.resnet4j.conformance.golden.TapParity;
import io.resnet4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The golden tolerance is tight enough to see one stem weight off by 1%, so a passing run means something. */
class GoldenParityNegativeControlTest {

    @Test
    void flagsOneStemWeightOffByOnePercent() {
        assumeTrue(GoldenFixtures.unavailableReason().isEmpty(), () -> GoldenFixtures.unavailableReason().orElse(""));
        GoldenFixtures.Case c = GoldenFixtures.cases().stream()
                .filter(k -> k.arch().equals("resnet18") && k.size().equals("97x131")).findFirst().orElseThrow();
        GoldenParity.Run run;
        try (Backend backend = Backends.open("java")) {
            run = GoldenParity.run(c, backend, state -> {
                Tensor w = state.tensor("conv1.weight").copy();
                w.data()[0] *= 1.01f;
                state.set("conv1.weight", w);
            });
        }
        TapParity stem = run.taps().getFirst();
        assertEquals("stem", stem.tap());
        assertFalse(stem.passes(), () -> "a 1% error in conv1.weight went unnoticed:\n" + ParityReport.row(stem));
    }
}
