package io.resnet4j.conformance;

import io.resnet4j.graph.Op;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every graph op on its own, against the {@link ReferenceInterpreter}, over generated shapes. */
public interface OpContract extends BackendUnderTest {

    @Property
    default void convolutionMatchesReference(@ForAll("convolutions") ConvCase c) {
        Checks.matchesReferenceOrRefusesLikeIt("conv " + c, this, c.example(), c.accepted());
    }

    /** See {@link ConformanceArbitraries#sameSizeConvolutions}: where fast convolution algorithms apply. */
    @Property
    default void sameSize3x3ConvolutionMatchesReference(@ForAll("sameSizeConvolutions") ConvCase c) {
        Checks.matchesReferenceOrRefusesLikeIt("conv " + c, this, c.example(), c.accepted());
    }

    @Property
    default void batchNormMatchesReference(@ForAll("planes") PlaneCase c) {
        Checks.matchesReference("batch norm", this, c.batchNorm());
    }

    @Property
    default void reluMatchesReference(@ForAll("planes") PlaneCase c) {
        Checks.matchesReference("relu", this, c.single(new Op.Relu()));
    }

    @Property
    default void maxPoolMatchesReference(@ForAll("maxPools") PoolCase c) {
        Checks.matchesReferenceOrRefusesLikeIt("max pool " + c, this, c.example(), c.accepted());
    }

    @Property
    default void globalAvgPoolMatchesReference(@ForAll("planes") PlaneCase c) {
        Checks.matchesReference("global average pool", this, c.single(new Op.GlobalAvgPool()));
    }

    @Property
    default void linearMatchesReference(@ForAll("linears") LinearCase c) {
        Checks.matchesReference("flatten + linear", this, c.example());
    }

    @Property
    default void addMatchesReference(@ForAll("planes") PlaneCase c) {
        Checks.matchesReference("add", this, c.add());
    }

    @Provide
    default Arbitrary<ConvCase> convolutions() {
        return ConformanceArbitraries.convolutions();
    }

    @Provide
    default Arbitrary<ConvCase> sameSizeConvolutions() {
        return ConformanceArbitraries.sameSizeConvolutions();
    }

    @Provide
    default Arbitrary<PlaneCase> planes() {
        return ConformanceArbitraries.planes();
    }

    @Provide
    default Arbitrary<PoolCase> maxPools() {
        return ConformanceArbitraries.maxPools();
    }

    @Provide
    default Arbitrary<LinearCase> linears() {
        return ConformanceArbitraries.linears();
    }
}
