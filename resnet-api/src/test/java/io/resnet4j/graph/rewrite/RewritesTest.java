package io.resnet4j.graph.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Graph.Node;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the shared rewrites; that they keep values is the conformance suite's job (GraphContract). */
class RewritesTest {
    private static Op.Conv2d conv(int cin, int cout) {
        float[] w = new float[cout * cin * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7) * 0.25f - 0.5f;
        }
        return new Op.Conv2d(Tensor.wrap(w, cout, cin, 3, 3), null, 1, 1, 1, 1);
    }

    private static Op.BatchNorm bn(int c) {
        float[] gamma = new float[c];
        float[] beta = new float[c];
        float[] mean = new float[c];
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = 1.5f + i;
            beta[i] = 0.25f * i;
            mean[i] = -0.5f + i;
            var[i] = 4f;
        }
        return new Op.BatchNorm(Tensor.wrap(gamma, c), Tensor.wrap(beta, c), Tensor.wrap(mean, c), Tensor.wrap(var, c),
                0f);
    }

    /** input → conv → bn → add(input) → relu: the bottleneck's tail. */
    private static Graph residual(boolean tapConv, boolean tapBn) {
        Graph.Builder b = Graph.builder(2);
        Node c = b.add("conv", conv(2, 2), b.input());
        Node n = b.add("bn", bn(2), c);
        Node a = b.add("add", new Op.Add(), n, b.input());
        Node r = b.add("relu", new Op.Relu(), a);
        if (tapConv) {
            b.tap("c", c);
        }
        if (tapBn) {
            b.tap("b", n);
        }
        return b.build(r);
    }

    @Test
    void convThenBatchNormBecomesOneConvWithFoldedWeightsAndBias() {
        Graph folded = BatchNormFolding.apply(residual(false, true));
        assertEquals(List.of("input", "conv", "add", "relu"), folded.nodes().stream().map(Node::name).toList());
        Op.Conv2d c = (Op.Conv2d) folded.nodes().get(1).op();
        // channel 0: s = 1.5 / 2 = 0.75; bias = (0 − (−0.5))·0.75 + 0 = 0.375
        assertEquals(0.375f, c.bias().data()[0], 1e-7);
        assertEquals(-0.5f * 0.75f, c.weight().data()[0], 1e-7);
        assertSame(folded.nodes().get(1), folded.taps().get("b"), "the BN's tap now shows the folded conv");
    }

    @Test
    void aConvSomeoneCanAskForIsNotFolded() {
        Graph kept = BatchNormFolding.apply(residual(true, false));
        assertEquals(5, kept.nodes().size());
    }

    @Test
    void fusionPutsTheResidualAddAndReluInTheConvsChain() {
        List<Fusion.Chain> chains = Fusion.plan(BatchNormFolding.apply(residual(false, false)));
        assertEquals(1, chains.size());
        Fusion.Chain chain = chains.getFirst();
        assertEquals("conv", chain.head().name());
        assertEquals("input", chain.residual().name());
        assertEquals("relu", chain.last().name());
    }

    @Test
    void anUnfoldedBatchNormJoinsItsConvsChain() {
        List<Fusion.Chain> chains = Fusion.plan(residual(false, false));
        assertEquals(1, chains.size());
        Fusion.Chain chain = chains.getFirst();
        assertEquals("conv", chain.head().name());
        assertEquals("bn", chain.bn().name());
        assertEquals("add", chain.add().name());
        assertEquals("relu", chain.last().name());
        assertNull(Fusion.plan(BatchNormFolding.apply(residual(false, false))).getFirst().bn(),
                "after folding no chain holds a batch norm");
    }

    @Test
    void aBatchNormSomeoneCanAskForStaysOutOfTheConvsChain() {
        List<Fusion.Chain> chains = Fusion.plan(residual(true, false));
        assertEquals(List.of("conv", "bn", "add"), chains.stream().map(c -> c.head().name()).toList());
        assertNull(chains.getFirst().bn());
    }

    @Test
    void aTappedValueEndsItsChain() {
        List<Fusion.Chain> chains = Fusion.plan(BatchNormFolding.apply(residual(false, true)));
        assertEquals(List.of("conv", "add"), chains.stream().map(c -> c.head().name()).toList());
        assertNull(chains.getFirst().add());
        assertEquals("relu", chains.get(1).last().name());
    }
}
