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
 * It is the {@link SyntheticContract} (ops, fusions, blocks, laws, whole models built through the annotation
 * processor, random DAGs, big batches and concurrent use, against the scalar reference) plus
 * {@link GoldenParityContract} (torchvision's own results on real checkpoints, where golden data exists).
 * Properties that cannot run here are skipped with the reason. Tries and seed: see {@link ConformanceSettings}.
 *
 * <p>One optional override: {@link BigBatchContract#bigBatchHint()}, the sizes past which your backend chunks,
 * tiles or plans memory differently. The default is past any plausible threshold, at a few seconds per try.
 *
 * <p><b>What is judged how.</b>
 * <ul>
 *   <li>Ops, fusions, blocks, DAGs: output and taps within {@link Tolerance} of the reference.</li>
 *   <li>Whole models: every tap within the tolerance of the reference run from the backend's own previous tap
 *       (the error of a few layers, so the bound stays tight at any depth), and the output end to end.</li>
 *   <li>Bit for bit: an item of a big batch against the item alone; a run from one of 8 threads sharing one
 *       compiled graph against the same input run alone; two runs of one input. An item's result may depend on
 *       its own height and width, never on the rest of its batch or on other calls.</li>
 *   <li>Refusals: wrong shapes, and runs on a closed graph or backend, fail with a
 *       {@link io.resnet4j.ResNet4jException}, promptly (concurrent and refused runs are bounded by timeouts).</li>
 * </ul>
 *
 * <p><b>Special values.</b> In one try of three, the op and fusion properties feed NaN (both signs), +∞, −∞ and
 * ±0 into the inputs, exact zeros into weights, and special values into the weights of unpadded convolutions and
 * linear layers. The expected results are PyTorch's (ReLU and max pool keep NaN, max pool pads with −∞, a zero
 * weight does not hide a NaN, ∞·0 and +∞ + −∞ are NaN; see {@link ReferenceInterpreter}). A non-finite reference
 * value must be matched exactly in kind (NaN for NaN, +∞ for +∞, −∞ for −∞), a finite one within the tolerance,
 * and zeros compare equal whatever their sign ({@link Tolerance}).
 */
public interface BackendContract extends SyntheticContract, GoldenParityContract {}
