package io.resnet4j.backend.java;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory plan reuses space, but never a value's space while someone may still read it. */
class MemoryPlanTest {

    @Test
    void noStepWritesOverAValueThatIsStillNeeded() {
        Graph graph = ResNetGraphs.bottleneck(3, new int[] {2, 2, 2}, 8, 10);
        JavaCompiledGraph compiled = (JavaCompiledGraph) Fixtures.VECTOR.compile(graph);
        List<Step> steps = compiled.steps();
        Shape input = Shape.of(2, 3, 40, 36);
        Shape[] shapes = graph.inferShapes(input);
        int[] lastUse = new int[shapes.length];
        java.util.Arrays.fill(lastUse, -1);
        for (int i = 0; i < steps.size(); i++) {
            for (int id : steps.get(i).inputs()) {
                lastUse[id] = i;
            }
        }
        int[] alias = new int[shapes.length];
        for (int i = 0; i < alias.length; i++) {
            alias[i] = i;
        }
        steps.stream().filter(s -> s instanceof FlattenStep)
                .forEach(s -> alias[s.output()] = alias[((FlattenStep) s).input()]);
        MemoryPlan plan = MemoryPlan.of(input, shapes, steps, lastUse, alias);

        long everything = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            int out = step.output();
            everything += shapes[out].size();
            if (alias[out] != out) {
                continue;
            }
            // Every value produced earlier and read at step i or later must not overlap this step's output.
            for (int j = 0; j < i; j++) {
                int other = steps.get(j).output();
                int root = alias[other];
                boolean stillNeeded = lastUse[other] >= i || lastUseOfAliases(root, alias, lastUse) >= i;
                if (stillNeeded && overlaps(plan, shapes, out, root)) {
                    fail("step " + step.label() + " writes over " + steps.get(j).label() + ", still read later");
                }
            }
        }
        assertTrue(plan.arena() < everything / 2,
                "the arena (" + plan.arena() + " floats) should reuse space: all values take " + everything);
    }

    private static int lastUseOfAliases(int root, int[] alias, int[] lastUse) {
        int last = -1;
        for (int n = 0; n < alias.length; n++) {
            if (alias[n] == root) {
                last = Math.max(last, lastUse[n]);
            }
        }
        return last;
    }

    private static boolean overlaps(MemoryPlan plan, Shape[] shapes, int a, int b) {
        long a0 = plan.offsets()[a], a1 = a0 + shapes[a].size();
        long b0 = plan.offsets()[b], b1 = b0 + shapes[b].size();
        return a != b && a0 < b1 && b0 < a1;
    }
}
