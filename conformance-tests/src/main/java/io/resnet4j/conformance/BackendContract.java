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
 *
 * <p><b>Special values.</b> In one try of three, the op and fusion properties feed NaN (both signs), +∞, −∞ and
 * ±0 into the inputs, exact zeros into weights, and special values into the weights of unpadded convolutions and
 * linear layers. The expected results are PyTorch's (ReLU and max pool keep NaN, max pool pads with −∞, a zero
 * weight does not hide a NaN, ∞·0 and +∞ + −∞ are NaN; see {@link ReferenceInterpreter}). A non-finite reference
 * value must be matched exactly in kind (NaN for NaN, +∞ for +∞, −∞ for −∞), a finite one within the tolerance,
 * and zeros compare equal whatever their sign ({@link Tolerance}).
 */
public interface BackendContract extends SyntheticContract, GoldenParityContract {}
