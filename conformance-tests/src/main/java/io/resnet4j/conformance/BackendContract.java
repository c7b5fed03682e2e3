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
 * It includes whole models built through the annotation processor ({@link ModelContract}), which skip with the
 * reason where resnet-codegen is not on the class path. Tries and seed: see {@link ConformanceSettings}.
 */
public interface BackendContract extends OpContract, FusionContract, BlockContract, LawContract, ModelContract {}
