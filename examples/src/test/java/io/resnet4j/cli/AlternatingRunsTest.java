package io.resnet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternatingRunsTest {

    /** Each runner records its calls into one shared log, so that the order of the calls can be checked. */
    private static List<AlternatingRuns.Runner> runners(List<String> log, String... labels) {
        List<AlternatingRuns.Runner> runners = new ArrayList<>();
        for (String label : labels) {
            runners.add(new AlternatingRuns.Runner(label, () -> {
                log.add(label);
                try {
                    Thread.sleep(1); // a forward's worth of time, so that the warm-up's 2 s take a bounded number of rounds
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Tensor.zeros(1);
            }));
        }
        return runners;
    }

    @Test
    void withoutWarmUpOnlyTheTimedRunsRunAndTheyAlternate() {
        List<String> log = new ArrayList<>();
        AlternatingRuns.Outcome outcome = AlternatingRuns.run(runners(log, "a", "b"), 0, 3);
        assertEquals(List.of("a", "b", "a", "b", "a", "b"), log);
        assertEquals(0, outcome.jitRounds());
        assertEquals(3, outcome.timings().get(0).runs());
    }

    @Test
    void warmUpGoesOnUntilTheCompilerIsDoneAndEveryRoundAlternates() {
        List<String> log = new ArrayList<>();
        AlternatingRuns.Outcome outcome = AlternatingRuns.run(runners(log, "a", "b"), 2, 4);
        int rounds = 2 + outcome.jitRounds() + 4;
        assertEquals(2 * rounds, log.size());
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i % 2 == 0 ? "a" : "b", log.get(i), "call " + i);
        }
        // At least one round beyond those asked for: the JIT's quiet time is measured over rounds actually run.
        assertTrue(outcome.jitRounds() >= 1, "rounds until the JIT was done: " + outcome.jitRounds());
    }
}
