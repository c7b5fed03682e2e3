package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;

/**
 * What mutation testing runs against each mutant of backend-java (the {@code mutation} profile, see the pom):
 * the numeric properties, which are deterministic. Not the concurrency laws, which backend-java fails today and
 * which a mutation tool cannot run meaningfully (PIT needs a green suite), nor golden parity (slow, and covered by
 * the rest). Its name matches no surefire pattern, so a plain build does not run it.
 */
public class JavaBackendMutationSuite implements OpContract, FusionContract, BlockContract, LawContract, GraphContract,
        BigBatchContract, ModelContract {

    @Override
    public Backend backend() {
        return Backends.open("java");
    }

    @Override
    public BigBatchHint bigBatchHint() {
        return BigBatchHint.JAVA_BACKEND;
    }
}
