package io.resnet4j.conformance;

/**
 * The whole contract a backend proves, in one interface. A backend's test implements it and supplies
 * {@link #backend()}:
 *
 * <pre>{@code
 * class MyBackendConformanceTest implements BackendContract {
 *     public Backend backend() { return new MyBackend(); }
 * }
 * }</pre>
 *
 * It is the {@link SyntheticContract} (ops, fusions, blocks, laws and whole models built through the annotation
 * processor, against the scalar reference) plus {@link GoldenParityContract} (torchvision's own results on real
 * checkpoints, where golden data exists). Properties that cannot run here are skipped with the reason. Tries and
 * seed: see {@link ConformanceSettings}.
 */
public interface BackendContract extends SyntheticContract, GoldenParityContract {}
