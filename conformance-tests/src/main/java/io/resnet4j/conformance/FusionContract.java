package io.resnet4j.conformance;

import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The chains a backend may fuse, each against the unfused reference. */
public interface FusionContract extends BackendUnderTest {

    @Property
    default void convBnReluMatchesUnfusedReference(@ForAll("acceptedConvolutions") ConvCase c,
            @ForAll boolean tapBn) {
        Example e = FusionExamples.convBnRelu(c, tapBn);
        ReferenceInterpreter.Evaluation ref = Checks.reference(e);
        Map<String, Tensor> out = Checks.run(this, e, tapBn ? List.of("bn") : List.of());
        Tolerance.requireClose("conv+BN+ReLU " + c, out.get("output"), ref.output());
        if (tapBn) {
            Tolerance.requireClose("tap 'bn' inside conv+BN+ReLU " + c, out.get("bn"), ref.tap("bn"));
        }
    }

    @Property
    default void residualAddMatchesUnfusedReference(@ForAll("acceptedConvolutions") ConvCase c) {
        Checks.matchesReference("ReLU(x + BN(conv(x))) " + c, this, FusionExamples.residual(c));
    }

    @Property
    default void foldedBatchNormMatchesUnfolded(@ForAll("acceptedConvolutions") ConvCase c) {
        Example unfolded = FusionExamples.convThenBn(c);
        ReferenceInterpreter.Evaluation ref = Checks.reference(unfolded);
        Tolerance.requireClose("conv → BN " + c, Checks.run(this, unfolded), ref.output());
        Tolerance.requireClose("conv with BN folded in " + c, Checks.run(this, FusionExamples.folded(c)), ref.output());
    }

    @Provide
    default Arbitrary<ConvCase> acceptedConvolutions() {
        return ConformanceArbitraries.convolutions().filter(ConvCase::accepted);
    }
}
