package io.resnet4j.benchmarks.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BuildsAbTest {
    /** backend-java's classes as the reactor builds them: the build both sides of this test load. */
    private static final Path BACKEND_CLASSES = Path.of("../backend-java/target/classes");

    @Test
    void theSharedClassPathLeavesOutBackendJavaOnly() throws Exception {
        var urls = BuildsAb.classPathWithoutBackendJava();
        assertTrue(urls.stream().noneMatch(u -> u.toString().contains("backend-java")), urls.toString());
        assertTrue(urls.stream().anyMatch(u -> u.toString().contains("resnet-api")), urls.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachBuildRunsInItsOwnClassLoader() throws Exception {
        assumeTrue(Files.isDirectory(BACKEND_CLASSES.resolve("io/resnet4j/backend/java")),
                "backend-java is not built in this reactor");
        int[] shape = {1, 3, 32, 32};
        Object a = BuildsAb.load(BACKEND_CLASSES, "resnet18", shape);
        Object b = BuildsAb.load(BACKEND_CLASSES, "resnet18", shape);
        try {
            assertNotSame(a.getClass().getClassLoader(), b.getClass().getClassLoader());
            assertNotSame(a.getClass(), b.getClass());
            ((Runnable) a).run();
            long[] steps = ((Supplier<long[]>) b).get();
            String[] names = (String[]) b.getClass().getMethod("steps").invoke(b);
            assertEquals(names.length, steps.length);
            assertTrue(names.length > 10, "resnet18 has more steps than " + names.length);
        } finally {
            ((AutoCloseable) a).close();
            ((AutoCloseable) b).close();
        }
    }
}
