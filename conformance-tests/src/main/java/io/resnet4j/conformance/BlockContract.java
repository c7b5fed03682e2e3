package io.resnet4j.conformance;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Residual blocks built with resnet-api's own modules, against the reference. */
public interface BlockContract extends BackendUnderTest {

    @Property
    default void basicBlocksMatchReference(@ForAll("basicBlocks") BlockCase c) {
        Checks.matchesReference(c.toString(), this, c.example());
    }

    @Property
    default void bottleneckBlocksMatchReference(@ForAll("bottleneckBlocks") BlockCase c) {
        Checks.matchesReference(c.toString(), this, c.example());
    }

    @Provide
    default Arbitrary<BlockCase> basicBlocks() {
        return ConformanceArbitraries.basicBlocks();
    }

    @Provide
    default Arbitrary<BlockCase> bottleneckBlocks() {
        return ConformanceArbitraries.bottleneckBlocks();
    }
}
