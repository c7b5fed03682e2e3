package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.graph.Op;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Backends with one planted bug each, made by wrapping the reference: the suite must catch every one.
 * Each bug is the kind a real backend gets wrong. Bugs planted for a newer property name the properties allowed
 * to catch it: only those may fail, which shows that the property (and nothing older) is what catches it.
 */
enum PlantedBugs {
    /** The conv window starts one row and column late when padded: an off-by-one in the padding offset. */
    PADDING_OFF_BY_ONE(() -> new ReferenceBackend("padding-off-by-one", new ReferenceInterpreter() {
        @Override
        protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
            return super.conv2d(op, op.padding() > 0 ? shiftedByOne(x) : x);
        }
    })),

    /** Batch norm divides by √var, forgetting ε. */
    BN_EPS_IGNORED(() -> new ReferenceBackend("bn-eps-ignored", new ReferenceInterpreter() {
        @Override
        protected NodeValues batchNorm(Op.BatchNorm op, NodeValues x) {
            return super.batchNorm(new Op.BatchNorm(op.gamma(), op.beta(), op.mean(), op.var(), 0f), x);
        }
    })),

    /** The shortcut's 1×1 projection runs with stride 1, as if only the main path strided. */
    DOWNSAMPLE_STRIDE_IGNORED(() -> new ReferenceBackend() {
        @Override
        public CompiledGraph compile(Graph graph) {
            return super.compile(withoutDownsampleStride(graph));
        }
    }),

    /** Group g of a grouped conv reads channels g, g+groups, … instead of its contiguous slice. */
    WRONG_GROUP_SLICING(() -> new ReferenceBackend("wrong-group-slicing", new ReferenceInterpreter() {
        @Override
        protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
            return super.conv2d(op, op.groups() > 1 ? interleaveChannels(x, op.groups()) : x);
        }
    })),

    /** Every compiled graph of the backend shares one scratch buffer for conv outputs: a data race. */
    SHARED_SCRATCH_RACE(() -> new ReferenceBackend("shared-scratch", new ScratchReusingInterpreter())),

    /** The input is staged into a buffer on the first run; later runs of that shape skip the copy. */
    INPUT_BUFFER_REUSED(() -> new ReferenceBackend() {
        @Override
        public CompiledGraph compile(Graph graph) {
            CompiledGraph inner = super.compile(graph);
            Map<Shape, Tensor> staged = new HashMap<>();
            return new CompiledGraph() {
                @Override
                public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
                    Tensor buffer = staged.computeIfAbsent(input.shape(), s -> input.copy());
                    return inner.run(buffer, taps);
                }
            };
        }
    }),

    /** A ReLU written as {@code x > 0 ? x : 0}: NaN becomes 0, where PyTorch keeps NaN. */
    NAN_TO_ZERO_RELU(() -> new ReferenceBackend("nan-to-zero-relu", new ReferenceInterpreter() {
        @Override
        protected NodeValues relu(NodeValues x) {
            NodeValues y = super.relu(x);
            for (int i = 0; i < y.value().length; i++) {
                if (Double.isNaN(y.value()[i])) {
                    y.value()[i] = 0;
                }
            }
            return y;
        }
    }), "reluMatchesReference", "convBnReluMatchesUnfusedReference", "residualAddMatchesUnfusedReference",
            "arbitraryGraphsMatchReference", "batchNormFoldingRewriteKeepsEveryValue"),

    /**
     * Past 128 Ki input values per image a conv runs two images at a time, and every chunk after the first reads
     * the first chunk's images: the chunk offset was forgotten.
     */
    WRONG_INPUT_CHUNKING(() -> new ReferenceBackend("wrong-input-chunking", new ReferenceInterpreter() {
        @Override
        protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
            Shape s = x.shape();
            boolean chunked = s.dim(0) > 2 && s.size() / s.dim(0) >= 128 * 1024;
            return super.conv2d(op, chunked ? itemsRepeated(x, 2) : x);
        }
    }), "bigBatchItemsMatchEachItemAloneBitForBit"),

    /**
     * The planner folds every BN into the conv before it without checking that the conv has no other consumer
     * and no tap: the conv's other readers (and its tap) see the BN's result.
     */
    FUSES_NODE_WITH_TWO_CONSUMERS(() -> new ReferenceBackend() {
        @Override
        public CompiledGraph compile(Graph graph) {
            return super.compile(withEveryConvBnFolded(graph));
        }
    }, "arbitraryGraphsMatchReference", "batchNormFoldingRewriteKeepsEveryValue"),

    /**
     * From the second stage on (a kernel variant for deep layers), the block's ReLU is applied to the main path
     * before the residual add instead of after it. The logits move by about their own size, far below the
     * end-to-end bound of a deep model: only judging each stage from the previous one sees it.
     */
    RELU_BEFORE_RESIDUAL_ADD_AT_DEPTH("judged from the backend's own previous tap", () -> new ReferenceBackend() {
        @Override
        public CompiledGraph compile(Graph graph) {
            return super.compile(withReluBeforeDeepAdds(graph));
        }
    }, "generatedModelsMatchReference"),

    /**
     * Each compiled graph keeps one scratch buffer for conv outputs, reused by every call (as if only one thread
     * ever ran it): concurrent calls on the same compiled graph overwrite each other's values.
     */
    SCRATCH_SHARED_BETWEEN_CALLS(() -> new ReferenceBackend() {
        @Override
        protected ReferenceInterpreter interpreterFor(Graph graph) {
            return new ScratchReusingInterpreter();
        }
    }, "oneCompiledGraphServesManyThreadsBitForBit"),

    /**
     * Each compiled graph pads conv inputs into one buffer kept between runs and zeroed only when it grows: after a
     * larger shape, a smaller one finds old values where its padding should be zero. (Found by mutation testing:
     * backend-java survives the removal of its own panel zeroing for the same reason.)
     */
    STALE_PADDING_AFTER_SHAPE_CHANGE(() -> new ReferenceBackend() {
        @Override
        protected ReferenceInterpreter interpreterFor(Graph graph) {
            return new PaddingBufferInterpreter();
        }
    }, "shapeChangesBetweenRunsLeaveNoTrace", "oneCompiledGraphServesManyThreadsBitForBit");

    /** Passes every conv output through one scratch buffer of its own: racy when two threads use it at once. */
    static final class ScratchReusingInterpreter extends ReferenceInterpreter {
        private double[] scratch = new double[0];

        @Override
        protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
            NodeValues y = super.conv2d(op, x);
            if (scratch.length < y.value().length) {
                scratch = new double[y.value().length];
            }
            double[] shared = scratch;
            System.arraycopy(y.value(), 0, shared, 0, y.value().length);
            Thread.yield();
            System.arraycopy(shared, 0, y.value(), 0, y.value().length);
            return y;
        }
    }

    /** Pads each conv's input into a buffer of that conv kept between runs, zeroed only when allocated. */
    static final class PaddingBufferInterpreter extends ReferenceInterpreter {
        private final Map<Op.Conv2d, double[]> buffers = new java.util.IdentityHashMap<>();

        @Override
        protected NodeValues conv2d(Op.Conv2d op, NodeValues x) {
            int p = op.padding();
            if (p == 0) {
                return super.conv2d(op, x);
            }
            Shape s = x.shape();
            int planes = s.dim(0) * s.dim(1), h = s.dim(2), w = s.dim(3), ph = h + 2 * p, pw = w + 2 * p;
            double[] padded = buffers.get(op);
            if (padded == null || padded.length < planes * ph * pw) {
                padded = new double[planes * ph * pw];
                buffers.put(op, padded);
            }
            for (int plane = 0; plane < planes; plane++) {
                for (int i = 0; i < h; i++) {
                    System.arraycopy(x.value(), (plane * h + i) * w, padded, (plane * ph + i + p) * pw + p, w);
                }
            }
            NodeValues in = new NodeValues(Shape.of(s.dim(0), s.dim(1), ph, pw),
                    java.util.Arrays.copyOf(padded, planes * ph * pw), new double[planes * ph * pw]);
            NodeValues magnitudes = super.conv2d(op, x); // the bound as without the buffer
            NodeValues y = super.conv2d(new Op.Conv2d(op.weight(), op.bias(), op.stride(), 0, op.dilation(),
                    op.groups()), in);
            return new NodeValues(y.shape(), y.value(), magnitudes.magnitude());
        }
    }

    private final Supplier<Backend> backend;
    /** The properties meant to catch this bug; empty: any property may. */
    private final Set<String> caughtOnlyBy;

    /** Text the failure report must hold: which check of the property caught it; empty for any. */
    private final String reportMustContain;

    PlantedBugs(Supplier<Backend> backend, String... caughtOnlyBy) {
        this("", backend, caughtOnlyBy);
    }

    PlantedBugs(String reportMustContain, Supplier<Backend> backend, String... caughtOnlyBy) {
        this.backend = backend;
        this.caughtOnlyBy = Set.of(caughtOnlyBy);
        this.reportMustContain = reportMustContain;
    }

    String reportMustContain() {
        return reportMustContain;
    }

    Backend open() {
        return backend.get();
    }

    /** The failed properties (display names) that this bug's properties do not account for. */
    List<String> unexpectedCatches(List<String> failed) {
        return caughtOnlyBy.isEmpty() ? List.of()
                : failed.stream().filter(name -> caughtOnlyBy.stream().noneMatch(name::startsWith)).toList();
    }

    /** x[.., i, j] ← x[.., i+1, j+1], zero past the edge. */
    static NodeValues shiftedByOne(NodeValues x) {
        Shape s = x.shape();
        int h = s.dim(2), w = s.dim(3);
        NodeValues y = NodeValues.zeros(s);
        for (int plane = 0; plane < s.dim(0) * s.dim(1); plane++) {
            for (int i = 0; i + 1 < h; i++) {
                for (int j = 0; j + 1 < w; j++) {
                    int from = (plane * h + i + 1) * w + j + 1, to = (plane * h + i) * w + j;
                    y.value()[to] = x.value()[from];
                    y.magnitude()[to] = x.magnitude()[from];
                }
            }
        }
        return y;
    }

    /**
     * The same graph with {@code layerN.*.add} for N ≥ 2 adding ReLU(main path) to the shortcut, and the ReLU
     * after it kept: x + ReLU(F(x)) then ReLU, where the block computes ReLU(x + F(x)).
     */
    static Graph withReluBeforeDeepAdds(Graph graph) {
        Graph.Builder g = Graph.builder(graph.inputChannels());
        Map<Graph.Node, Graph.Node> copies = new LinkedHashMap<>();
        copies.put(graph.input(), g.input());
        for (Graph.Node n : graph.nodes().subList(1, graph.nodes().size())) {
            Graph.Node[] inputs = n.inputs().stream().map(copies::get).toArray(Graph.Node[]::new);
            if (n.op() instanceof Op.Add && n.name().matches("layer([2-9]|\\d\\d+)\\..*")) {
                inputs[0] = g.add(n.name() + ".early_relu", new Op.Relu(), inputs[0]);
            }
            copies.put(n, g.add(n.name(), n.op(), inputs));
        }
        graph.taps().forEach((name, node) -> g.tap(name, copies.get(node)));
        return g.build(copies.get(graph.output()));
    }

    /** The same graph with each BN that reads a conv folded into it; the conv's node then stands for both. */
    static Graph withEveryConvBnFolded(Graph graph) {
        Graph.Builder g = Graph.builder(graph.inputChannels());
        Map<Graph.Node, Graph.Node> copies = new LinkedHashMap<>();
        copies.put(graph.input(), g.input());
        for (Graph.Node n : graph.nodes().subList(1, graph.nodes().size())) {
            if (copies.containsKey(n)) {
                continue; // a BN already folded into its conv
            }
            Op op = n.op();
            Graph.Node bn = op instanceof Op.Conv2d ? graph.nodes().stream()
                    .filter(m -> m.op() instanceof Op.BatchNorm && m.inputs().getFirst() == n).findFirst().orElse(null)
                    : null;
            if (bn != null) {
                op = FusionExamples.fold((Op.Conv2d) op, (Op.BatchNorm) bn.op());
            }
            Graph.Node copy = g.add(n.name(), op, n.inputs().stream().map(copies::get).toArray(Graph.Node[]::new));
            copies.put(n, copy);
            if (bn != null) {
                copies.put(bn, copy);
            }
        }
        graph.taps().forEach((name, node) -> g.tap(name, copies.get(node)));
        return g.build(copies.get(graph.output()));
    }

    /** Item n of the batch replaced by item n mod {@code period}. */
    static NodeValues itemsRepeated(NodeValues x, int period) {
        Shape s = x.shape();
        int item = (int) (s.size() / s.dim(0));
        NodeValues y = NodeValues.zeros(s);
        for (int n = 0; n < s.dim(0); n++) {
            System.arraycopy(x.value(), (n % period) * item, y.value(), n * item, item);
            System.arraycopy(x.magnitude(), (n % period) * item, y.magnitude(), n * item, item);
        }
        return y;
    }

    /** Reorders channels so that contiguous slice g holds the original channels g, g+groups, …. */
    static NodeValues interleaveChannels(NodeValues x, int groups) {
        Shape s = x.shape();
        int c = s.dim(1), plane = s.dim(2) * s.dim(3), perGroup = c / groups;
        NodeValues y = NodeValues.zeros(s);
        for (int b = 0; b < s.dim(0); b++) {
            for (int to = 0; to < c; to++) {
                int from = (to % perGroup) * groups + to / perGroup;
                System.arraycopy(x.value(), (b * c + from) * plane, y.value(), (b * c + to) * plane, plane);
                System.arraycopy(x.magnitude(), (b * c + from) * plane, y.magnitude(), (b * c + to) * plane, plane);
            }
        }
        return y;
    }

    /** The same graph with every {@code *.downsample.0} conv at stride 1. */
    static Graph withoutDownsampleStride(Graph graph) {
        Graph.Builder g = Graph.builder(graph.inputChannels());
        Map<Graph.Node, Graph.Node> copies = new LinkedHashMap<>();
        copies.put(graph.input(), g.input());
        for (Graph.Node n : graph.nodes().subList(1, graph.nodes().size())) {
            Op op = n.op();
            if (op instanceof Op.Conv2d c && n.name().endsWith(".downsample.0")) {
                op = new Op.Conv2d(c.weight(), c.bias(), 1, c.padding(), c.dilation(), c.groups());
            }
            copies.put(n, g.add(n.name(), op, n.inputs().stream().map(copies::get).toArray(Graph.Node[]::new)));
        }
        graph.taps().forEach((name, node) -> g.tap(name, copies.get(node)));
        return g.build(copies.get(graph.output()));
    }
}
