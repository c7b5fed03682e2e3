package io.resnet4j.conformance;

import io.resnet4j.graph.rewrite.BatchNormFolding;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Graphs that are not ResNets. The Graph IR accepts any DAG, and a planner that fuses, reorders or frees buffers
 * must stay right on all of them, not only on the shapes ResNets happen to have.
 */
public interface GraphContract extends BackendUnderTest {

    /** The output and every requested tap of a random DAG match the reference. */
    @Property
    default void arbitraryGraphsMatchReference(@ForAll("graphs") GraphCase c) {
        Example e = c.example();
        List<String> taps = c.requestedTaps(e.graph());
        ReferenceInterpreter.Evaluation ref = Checks.reference(e);
        Map<String, Tensor> out = Checks.run(this, e, taps);
        Tolerance.requireClose("output of " + c, out.get("output"), ref.output());
        for (String t : taps) {
            Tolerance.requireClose("tap '" + t + "' of " + c, out.get(t), ref.tap(t));
        }
    }

    /**
     * resnet-api's shared rewrite — batch norm folded into the convolution before it ({@link BatchNormFolding}) —
     * keeps the output and every tap: the backend run on the rewritten graph matches the reference run on the
     * original. Backends that consume the rewrite (tornadovm does) are thereby proved on what they really run.
     */
    @Property
    default void batchNormFoldingRewriteKeepsEveryValue(@ForAll("graphs") GraphCase c) {
        Example e = c.example();
        List<String> taps = c.requestedTaps(e.graph());
        ReferenceInterpreter.Evaluation ref = Checks.reference(e);
        Example rewritten = new Example(BatchNormFolding.apply(e.graph()), e.input());
        Map<String, Tensor> out = Checks.run(this, rewritten, taps);
        Tolerance.requireClose("output of the BN-folded " + c, out.get("output"), ref.output());
        for (String t : taps) {
            Tolerance.requireClose("tap '" + t + "' of the BN-folded " + c, out.get(t), ref.tap(t));
        }
    }

    @Provide
    default Arbitrary<GraphCase> graphs() {
        return ConformanceArbitraries.graphs();
    }
}
