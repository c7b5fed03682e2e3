package io.resnet4j.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GraphShapesTest {

    /** PyTorch's documented formula, written out independently of Shapes.convOut. */
    private static int torchOut(int in, int k, int s, int p, int d) {
        return (int) Math.floor((in + 2.0 * p - d * (k - 1) - 1) / s + 1);
    }

    @Property(tries = 300)
    void convOutputMatchesPyTorchFormula(@ForAll @IntRange(min = 1, max = 64) int in,
            @ForAll @IntRange(min = 1, max = 7) int k, @ForAll @IntRange(min = 1, max = 3) int s,
            @ForAll @IntRange(min = 0, max = 3) int p, @ForAll @IntRange(min = 1, max = 2) int d) {
        int expected = torchOut(in, k, s, p, d);
        if (expected < 1 || in + 2 * p < d * (k - 1) + 1) {
            assertThrows(ResNet4jException.class, () -> Shapes.convOut(in, k, s, p, d, "n"));
        } else {
            assertEquals(expected, Shapes.convOut(in, k, s, p, d, "n"));
        }
    }

    @Test
    void inferShapesThroughAGraphAndCountsMacs() {
        Graph.Builder g = Graph.builder(3);
        var conv = g.add("conv", new Op.Conv2d(Tensor.zeros(8, 3, 3, 3), null, 2, 1, 1, 1), g.input());
        var pool = g.add("pool", new Op.GlobalAvgPool(), conv);
        var flat = g.add("flat", new Op.Flatten(), pool);
        var fc = g.add("fc", new Op.Linear(Tensor.zeros(5, 8), Tensor.zeros(5)), flat);
        Graph graph = g.build(fc);
        assertEquals(Shape.of(2, 5), graph.outputShape(Shape.of(2, 3, 9, 11)));
        // conv: 2·8·5·6 outputs × 3·3·3; fc: 2·5 outputs × 8
        assertEquals(2L * 8 * 5 * 6 * 27 + 2 * 5 * 8, graph.macs(Shape.of(2, 3, 9, 11)));
    }

    @Test
    void wrongInputIsRefusedNamingTheFault() {
        Graph.Builder g = Graph.builder(3);
        Graph graph = g.build(g.add("relu", new Op.Relu(), g.input()));
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> graph.inferShapes(Shape.of(1, 4, 8, 8)));
        assertTrue(e.getMessage().startsWith("input: expected N×3×H×W"), e.getMessage());
        assertThrows(ResNet4jException.class, () -> graph.inferShapes(Shape.of(3, 8, 8)));
    }

    @Test
    void requireTapsDeduplicatesAndNamesTheUnknownOnes() {
        Graph.Builder g = Graph.builder(3);
        var relu = g.tap("a", g.add("relu", new Op.Relu(), g.input()));
        Graph graph = g.build(g.tap("b", g.add("relu2", new Op.Relu(), relu)));
        assertEquals(java.util.List.of("b", "a"), graph.requireTaps(java.util.List.of("b", "a", "b")));
        assertEquals(java.util.List.of(), graph.requireTaps(null));
        ResNet4jException e = assertThrows(ResNet4jException.class, () -> graph.requireTaps(java.util.List.of("a", "x", "y")));
        assertEquals("unknown taps [x, y]; valid taps: a, b", e.getMessage());
    }
}
