package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;

/**
 * The contract run against {@link #bug}; launched by {@link PlantedBugsTest}, never by surefire itself
 * (its name matches no test pattern), because it is meant to fail.
 */
public class BrokenBackendSuite implements SyntheticContract {
    static volatile PlantedBugs bug;

    @Override
    public Backend backend() {
        return bug.open();
    }

    /** Just past {@link PlantedBugs#WRONG_INPUT_CHUNKING}'s threshold, and cheap for the reference underneath. */
    @Override
    public BigBatchHint bigBatchHint() {
        return new BigBatchHint(3, 16, 96, 96);
    }
}
