package io.resnet4j.conformance;

/**
 * Everything checked against the scalar reference on generated cases: ops, fusions, blocks, laws and whole
 * models from random specs. Cheap enough for any backend, the reference itself included.
 */
public interface SyntheticContract extends OpContract, FusionContract, BlockContract, LawContract, ModelContract {}
