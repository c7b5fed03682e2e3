package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The correct side: backend-java proves the contract (skipped, saying why, until backend-java is installed). */
@AddLifecycleHook(JavaBackendConformanceTest.SkipWithoutJavaBackend.class)
class JavaBackendConformanceTest implements BackendContract {
    @Override
    public Backend backend() {
        return Backends.open("java");
    }

    static final class SkipWithoutJavaBackend implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            boolean present = Backends.discover().stream()
                    .anyMatch(d -> d.name().equals("java") && d.availability().available());
            return present ? SkipResult.doNotSkip()
                    : SkipResult.skip("backend 'java' is not on the test class path yet (backend-java not installed)");
        }
    }
}
