package io.resnet4j.backend.tornadovm;

import io.resnet4j.backend.Availability;
import io.resnet4j.backend.Backend;
import io.resnet4j.conformance.BackendContract;
import io.resnet4j.conformance.golden.GoldenFixtures;
import io.resnet4j.conformance.golden.GoldenParity;
import io.resnet4j.conformance.golden.TapParity;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The whole {@link BackendContract} on TornadoVM's default device: the synthetic contract (ops, fusions, blocks,
 * laws, generated models) and golden parity with torchvision on every built-in architecture, ResNet-101/152
 * included, whose plans run as chains of task graphs. Where TornadoVM cannot run (plain JVM, no device) every
 * property is skipped with the provider's own reason, so a green build never hides an untested device path.
 */
@AddLifecycleHook(value = TornadoBackendConformanceTest.SkipUnlessAvailable.class,
        propagateTo = PropagationMode.ALL_DESCENDANTS)
class TornadoBackendConformanceTest implements BackendContract {

    @Override
    public Backend backend() {
        return new TornadoBackendProvider().open();
    }

    /** One line per golden case: how long the device took and its worst tap in units of torch's own error. */
    @Override
    public void onGoldenRun(GoldenFixtures.Case c, GoldenParity.Run run) {
        double worst = run.taps().stream().mapToDouble(TapParity::ratioToTorch).max().orElse(0);
        System.out.printf("tornadovm golden %s: forward %d ms (first run, kernels compiled), worst tap %.2f× torch's"
                + " error%n", c, run.forwardMillis(), worst);
    }

    static final class SkipUnlessAvailable implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            Availability a = new TornadoBackendProvider().availability();
            return a.available() ? SkipResult.doNotSkip() : SkipResult.skip("tornadovm " + a);
        }
    }
}
