package io.resnet4j.conformance;

/**
 * Everything checked against the scalar reference on generated cases: ops, fusions, blocks, laws, whole models
 * from random specs, arbitrary DAGs, big batches and
 * concurrent use of one compiled graph. Cheap enough for any backend, the reference itself included (given a small
 * {@link BigBatchContract#bigBatchHint()}).
 */
public interface SyntheticContract extends OpContract, FusionContract, BlockContract, LawContract, ModelContract,
        GraphContract, BigBatchContract, ConcurrencyContract {}
