package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConformanceRunnerTest {

    @Test
    void printsOnePassLinePerPropertyForACorrectBackend() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean ok = ConformanceRunner.run("java", 2, 42L, new PrintStream(text, true, StandardCharsets.UTF_8));
        String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        // 18 contract properties plus the whole-model one (resnet-codegen is on the test class path)
        assertEquals(19, out.lines().filter(l -> l.startsWith("PASS ")).count(), out);
        assertTrue(out.contains("seed 42"), out);
    }

    @Test
    void refusesAnUnknownBackendByName() {
        ResNet4jException e = assertThrows(ResNet4jException.class,
                () -> ConformanceRunner.run("no-such-backend", 1, null, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("no-such-backend"), e.getMessage());
    }
}
