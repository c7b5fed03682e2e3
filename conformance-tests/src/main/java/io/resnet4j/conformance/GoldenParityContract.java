package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.conformance.golden.GoldenFixtures;
import io.resnet4j.conformance.golden.GoldenParity;
import io.resnet4j.conformance.golden.ParityReport;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Parity with torchvision on real checkpoints: each built-in architecture's {@code .pth} (seeded weights,
 * non-trivial batch norms) loaded strictly, run at 224×224 and 97×131, every tap within
 * {@link io.resnet4j.conformance.golden.TapParity}'s tolerance of torch's float64 result. Runs where golden data
 * exists ({@link GoldenFixtures}); skipped with the reason elsewhere.
 */
public interface GoldenParityContract extends BackendUnderTest {

    @net.jqwik.api.Example
    default void builtInModelsMatchTorchvisionAtEveryTap() {
        List<GoldenFixtures.Case> cases = GoldenFixtures.cases();
        if (cases.isEmpty()) {
            throw new AssertionError("golden data directory holds no complete case");
        }
        List<String> failures = new ArrayList<>();
        try (Backend backend = backend()) {
            for (GoldenFixtures.Case c : cases) {
                GoldenParity.Run run = GoldenParity.run(c, backend, state -> {});
                onGoldenRun(c, run);
                if (!run.failures().isEmpty()) {
                    failures.add(c + ":\n" + ParityReport.table(run.failures()));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("differs from torchvision beyond tolerance:\n" + String.join("\n", failures));
        }
    }

    /** Called with each case's measurements, e.g. to collect a report; does nothing by default. */
    default void onGoldenRun(GoldenFixtures.Case c, GoldenParity.Run run) {}

    /** Skips the golden property, saying why, where there is no golden data. Registered globally like the others. */
    final class SkipWithoutGoldenData implements SkipExecutionHook {
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public boolean appliesTo(Optional<AnnotatedElement> element) {
            return element.filter(e -> e instanceof Method m && m.getDeclaringClass() == GoldenParityContract.class).isPresent();
        }

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return GoldenFixtures.unavailableReason().map(SkipResult::skip).orElse(SkipResult.doNotSkip());
        }
    }
}
