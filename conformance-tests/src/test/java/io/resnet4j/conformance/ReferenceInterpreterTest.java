package io.resnet4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference against values worked out by hand from PyTorch's definitions. */
class ReferenceInterpreterTest {
    private final ReferenceInterpreter reference = new ReferenceInterpreter();

    private float[] run(Op op, int channels, Tensor input) {
        Graph.Builder g = Graph.builder(channels);
        return reference.run(g.build(g.add("op", op, g.input())), input, List.of()).get("output").data();
    }

    @Test
    void paddedStridedConvolution() {
        // 1×1×3×3 input 1..9, 2×2 kernel of ones, stride 2, padding 1: windows at (−1,−1), (−1,1), (1,−1), (1,1)
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Op.Conv2d conv = new Op.Conv2d(Tensor.wrap(new float[] {1, 1, 1, 1}, 1, 1, 2, 2), null, 2, 1, 1, 1);
        assertArrayEquals(new float[] {1, 2 + 3, 4 + 7, 5 + 6 + 8 + 9}, run(conv, 1, x));
    }

    @Test
    void groupedDilatedConvolutionWithBias() {
        // Two groups of one channel each: output 0 sees only channel 0, output 1 only channel 1.
        // Kernel 3, dilation 2, padding 2 on a 1×3 row: output 1×3; only kernel row 1 ever lands on the input row,
        // and output column j reads input columns j − 2, j, j + 2 with kernel columns 0, 1, 2.
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 10, 20, 30}, 1, 2, 1, 3);
        Tensor w = Tensor.wrap(new float[] {0, 0, 0, 5, 3, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0}, 2, 1, 3, 3);
        Op.Conv2d conv = new Op.Conv2d(w, Tensor.wrap(new float[] {0.5f, -0.5f}, 2), 1, 2, 2, 2);
        assertArrayEquals(new float[] {3 * 1 + 0.5f, 3 * 2 + 0.5f, 5 * 1 + 3 * 3 + 0.5f, -10.5f, -20.5f, -30.5f},
                run(conv, 2, x));
    }

    @Test
    void batchNormUsesEpsilon() {
        Op.BatchNorm bn = new Op.BatchNorm(Tensor.wrap(new float[] {2}, 1), Tensor.wrap(new float[] {1}, 1),
                Tensor.wrap(new float[] {3}, 1), Tensor.wrap(new float[] {0.75f}, 1), 0.25f);
        // (5 − 3) / √(0.75 + 0.25) · 2 + 1 = 5
        assertArrayEquals(new float[] {5}, run(bn, 1, Tensor.wrap(new float[] {5}, 1, 1, 1, 1)));
    }

    @Test
    void maxPoolIgnoresPaddingEvenWhenAllValuesAreNegative() {
        // every 3×3 window (padding 1) covers the whole 2×2 input; zero padding would give 0 instead
        Tensor x = Tensor.wrap(new float[] {-1, -2, -3, -4}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {-1, -1, -1, -1}, run(new Op.MaxPool(3, 1, 1), 1, x));
        assertArrayEquals(new float[] {-1, -2, -3, -4}, run(new Op.MaxPool(1, 1, 0), 1, x));
    }

    @Test
    void globalAveragePoolAndLinear() {
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 6}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {3}, run(new Op.GlobalAvgPool(), 1, x));
        Graph.Builder g = Graph.builder(1);
        Graph.Node flat = g.add("flatten", new Op.Flatten(), g.input());
        Op.Linear fc = new Op.Linear(Tensor.wrap(new float[] {1, 0, 0, -1, 1, 1, 1, 1}, 2, 4),
                Tensor.wrap(new float[] {10, 20}, 2));
        float[] y = reference.run(g.build(g.add("fc", fc, flat)), x, List.of()).get("output").data();
        assertArrayEquals(new float[] {1 - 6 + 10, 12 + 20}, y);
    }

    /** Special values as torch 1.13 gives them (torch.nn.functional on CPU; see ReferenceInterpreter). */
    @Test
    void specialValuesFollowPyTorch() {
        float nan = Float.NaN, inf = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.wrap(new float[] {nan, inf, -inf, -0f, 0f, -1f, 1f}, 1, 1, 1, 7);
        // F.relu: NaN and −0 kept, −∞ → 0
        assertArrayEquals(new float[] {nan, inf, 0f, -0f, 0f, 0f, 1f}, run(new Op.Relu(), 1, x));
        // max pool: a NaN anywhere in the window wins; an all-−∞ window (padding included) stays −∞
        Tensor grid = Tensor.wrap(new float[] {1f, nan, 2f, 3f, -inf, -inf, -inf, -inf, -inf}, 1, 1, 3, 3);
        assertArrayEquals(new float[] {nan, nan, nan, nan, nan, nan, 3f, 3f, -inf},
                run(new Op.MaxPool(3, 1, 1), 1, grid));
        assertArrayEquals(new float[] {-inf}, run(new Op.MaxPool(3, 1, 1), 1, Tensor.wrap(new float[] {-inf}, 1, 1, 1, 1)));
        // a zero weight does not hide a NaN input; ∞ · 0 is NaN; +∞ + −∞ is NaN
        Op.Conv2d conv = new Op.Conv2d(Tensor.wrap(new float[] {0f, 1f}, 1, 2, 1, 1), null, 1, 0, 1, 1);
        assertArrayEquals(new float[] {nan, nan, 2f}, run(conv, 2,
                Tensor.wrap(new float[] {nan, inf, 1f, 1f, 1f, 2f}, 1, 2, 1, 3)));
        Graph.Builder g = Graph.builder(1);
        Graph.Node negated = g.add("negate", new Op.Conv2d(Tensor.wrap(new float[] {-1f}, 1, 1, 1, 1), null, 1, 0, 1, 1),
                g.input());
        Graph.Node relu = g.add("relu", new Op.Relu(), g.input());
        Graph.Node difference = g.add("difference", new Op.Add(), g.input(), negated);
        float[] sum = reference.run(g.build(g.add("add", new Op.Add(), difference, relu)),
                Tensor.wrap(new float[] {inf, -inf, 2f}, 1, 1, 1, 3), List.of()).get("output").data();
        // x + (−x): +∞ + −∞ is NaN; then + ReLU(x), which maps −∞ to 0
        assertArrayEquals(new float[] {nan, nan, 2f}, sum);
    }
}
