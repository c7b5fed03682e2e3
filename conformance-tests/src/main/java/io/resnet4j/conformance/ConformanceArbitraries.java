package io.resnet4j.conformance;

import io.resnet4j.graph.Graph;
import io.resnet4j.nn.StateDict;
import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.StridePlacement;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import java.util.List;

/**
 * The generators behind the contracts' {@code @Provide} methods. Sizes are biased towards small values (jqwik's
 * default for ranges) and capped in multiply-accumulates so the scalar reference stays fast; shrinking moves
 * every dimension towards its minimum and the data seed towards 0.
 */
public final class ConformanceArbitraries {
    /** Per-try work limits for the double-precision reference, in multiply-accumulates. */
    static final long OP_MACS = 3_000_000, BLOCK_MACS = 4_000_000, MODEL_MACS = 12_000_000;

    private ConformanceArbitraries() {}

    static Arbitrary<Integer> between(int lo, int hi) {
        return Arbitraries.integers().between(lo, hi);
    }

    static Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** One try in three holds special values (NaN, ±∞, ±0); shrinking prefers finite data. */
    static Arbitrary<Boolean> specials() {
        return Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true));
    }

    /**
     * Batch 1–4, channels up to 64 split into 1, 2, 3, 4 or 8 groups, H and W 1–40, kernel 1/3/7, stride 1/2,
     * padding 0–3, dilation 1–2. Includes inputs smaller than the kernel's span, which must be refused.
     */
    public static Arbitrary<ConvCase> convolutions() {
        Arbitrary<Integer> groups = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)), Tuple.of(1, Arbitraries.of(3, 4, 8)));
        return Combinators.combine(ints(between(1, 4), groups, between(1, 64), between(1, 64), between(1, 40),
                        between(1, 40), Arbitraries.of(1, 3, 7), between(1, 2)),
                        between(0, 3), between(1, 2), Arbitraries.of(false, true), specials(), seeds())
                .as((v, pad, dil, bias, specials, seed) -> new ConvCase(v.get(0), v.get(1), v.get(2), v.get(3),
                        v.get(4), v.get(5), v.get(6), v.get(7), pad, dil, bias, specials, seed))
                .filter(c -> c.inChannels() <= 64 && c.outChannels() <= 64 && c.macs() <= OP_MACS);
    }

    /**
     * 3×3, stride 1, padding 1, no groups, on planes of 14–40 pixels a side: the shape where a backend may swap
     * the direct convolution for a fast algorithm (Winograd, FFT), whose transforms mix values of both signs, so
     * special values (∞ − ∞) and odd sizes need their own tries. Batch 1–3, channels 1–32.
     */
    public static Arbitrary<ConvCase> sameSizeConvolutions() {
        return Combinators.combine(ints(between(1, 3), between(1, 32), between(1, 32), between(14, 40),
                        between(14, 40)), Arbitraries.of(false, true), specials(), seeds())
                .as((v, bias, specials, seed) -> new ConvCase(v.get(0), 1, v.get(1), v.get(2), v.get(3), v.get(4), 3,
                        1, 1, 1, bias, specials, seed))
                .filter(c -> c.macs() <= OP_MACS);
    }

    /** Batch 1–4, channels 1–64, H and W 1–40; special values in one try of three. */
    public static Arbitrary<PlaneCase> planes() {
        return Combinators.combine(between(1, 4), between(1, 64), between(1, 40), between(1, 40), specials(), seeds())
                .as(PlaneCase::new);
    }

    /** Window 1–5, stride 1–3, padding up to half the window (PyTorch's limit); includes too-small inputs. */
    public static Arbitrary<PoolCase> maxPools() {
        return Combinators.combine(planes(), between(1, 5), between(1, 3), between(0, 2))
                .filter((p, k, s, pad) -> pad <= k / 2)
                .as(PoolCase::new);
    }

    /** A flatten + linear layer with 1–64 outputs over up to 4096 features. */
    public static Arbitrary<LinearCase> linears() {
        return Combinators.combine(planes(), between(1, 64)).as(LinearCase::new)
                .filter(l -> (long) l.input().channels() * l.input().height() * l.input().width() <= 4096);
    }

    public static Arbitrary<BlockCase> basicBlocks() {
        return blocks(BlockType.BASIC);
    }

    public static Arbitrary<BlockCase> bottleneckBlocks() {
        return blocks(BlockType.BOTTLENECK);
    }

    /** Both kinds, for the laws. */
    public static Arbitrary<BlockCase> anyBlocks() {
        return Arbitraries.oneOf(basicBlocks(), bottleneckBlocks());
    }

    /**
     * Stride 1 or 2, with or without downsample (always with one where the shape changes), ON_1X1 or ON_3X3,
     * groups 1/2/4 and dilation 1/2 for bottlenecks, batch 1–3, H and W 1–20, random BN statistics.
     */
    static Arbitrary<BlockCase> blocks(BlockType type) {
        boolean basic = type == BlockType.BASIC;
        Arbitrary<Integer> groups = basic ? Arbitraries.just(1) : Arbitraries.of(1, 2, 4);
        Arbitrary<Integer> widthPerGroup = basic ? Arbitraries.just(64) : Arbitraries.of(16, 32, 64, 128);
        Arbitrary<Integer> dilation = basic ? Arbitraries.just(1) : between(1, 2);
        Arbitrary<StridePlacement> placement = Arbitraries.of(StridePlacement.class);
        return Combinators.combine(ints(between(1, 3), between(1, basic ? 32 : 64), between(1, basic ? 32 : 16),
                        between(1, 2), groups, widthPerGroup, dilation, between(1, 20)),
                        between(1, 20), placement, Arbitraries.of(false, true), seeds())
                .as((v, w, place, extraProjection, seed) -> {
                    int inplanes = v.get(1), planes = v.get(2), stride = v.get(3), g = v.get(4);
                    int inner = basic ? planes : planes * v.get(5) / 64 * g;
                    boolean needed = stride != 1 || inplanes != planes * type.expansion();
                    return new BlockCase(type, v.get(0), inplanes, planes, inner, stride, g, v.get(6), place,
                            needed || extraProjection, v.get(7), w, seed);
                })
                .filter(b -> b.innerWidth() >= 1 && macs(b) <= BLOCK_MACS);
    }

    private static long macs(BlockCase b) {
        Graph.Builder g = Graph.builder(b.inplanes());
        var block = b.type() == BlockType.BASIC
                ? new io.resnet4j.nn.BasicBlock(new StateDict(0), "b", b.inplanes(), b.planes(), b.stride(), b.projection(), false)
                : new io.resnet4j.nn.Bottleneck(new StateDict(0), "b", b.inplanes(), b.planes(), b.innerWidth(), b.stride(),
                        b.groups(), b.dilation(), b.placement(), b.projection(), false);
        return g.build(block.lower(g, g.input())).macs(b.inputShape());
    }

    /**
     * 1–4 stages (uniformly) of 1–3 blocks, either block type, groups 1/2/4 and width per group 4–64 for bottlenecks,
     * base width 4–16, 1–10 classes, 1–3 input channels, batch 1–2, H and W 8–40; only valid specs.
     */
    public static Arbitrary<ModelCase> models() {
        // Sizes uniform, not biased to small: bugs of deep stages need two or more stages in few tries.
        Arbitrary<int[]> layers = between(1, 3).array(int[].class).ofMinSize(1).ofMaxSize(4)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(ints(Arbitraries.of(1, 2, 4), between(4, 64), between(4, 16), between(1, 10),
                        between(1, 3), between(1, 2), between(8, 40), between(8, 40)),
                        Arbitraries.of(BlockType.class), layers, Arbitraries.of(StridePlacement.class), seeds())
                .as((v, block, l, place, seed) -> new ModelCase(block, l,
                        block == BlockType.BASIC ? 1 : v.get(0), block == BlockType.BASIC ? 64 : v.get(1), place,
                        v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7), seed))
                .filter(m -> m.spec().problems().isEmpty() && modelMacs(m) <= MODEL_MACS)
                // Edge cases are all one-stage minimal models; the few (expensive) tries are better spent at random.
                .withoutEdgeCases();
    }

    private static long modelMacs(ModelCase m) {
        // The stem dominates small models: conv 7×7/2 then a stride-2 max pool; estimate every stage at the
        // widest bottleneck cost, which over-counts, so the cap errs towards cheaper models.
        long h = (m.height() + 1) / 2, w = (m.width() + 1) / 2;
        long total = (long) m.batch() * m.baseWidth() * m.inChannels() * 49 * h * w;
        h = (h + 1) / 2;
        w = (w + 1) / 2;
        for (int s = 0; s < m.layers().length; s++) {
            var spec = m.spec();
            long in = s == 0 ? spec.baseWidth() : spec.outChannels(s - 1);
            long perBlock = in * spec.bottleneckWidth(s) + 9L * spec.bottleneckWidth(s) * spec.bottleneckWidth(s)
                    / spec.groups() + (long) spec.bottleneckWidth(s) * spec.outChannels(s)
                    + in * spec.outChannels(s);
            total += m.batch() * h * w * perBlock * m.layers()[s];
            h = (h + 1) / 2;
            w = (w + 1) / 2;
        }
        return total;
    }

    /**
     * Batches from {@code hint}: batch, channels, height and width each from the hint's value up to an eighth more
     * (batch up to 2 more), a first conv of groups 1 or 2 (where the channels divide) and 1–16 outputs, then a
     * 1×1, 3×3 or 7×7 conv with stride 1 or 2 and 1–8 outputs.
     */
    public static Arbitrary<BigBatchCase> bigBatches(BigBatchHint hint) {
        return Combinators.combine(ints(between(hint.batch(), hint.batch() + 2),
                        between(hint.channels(), hint.channels() + hint.channels() / 8),
                        between(hint.height(), hint.height() + hint.height() / 8),
                        between(hint.width(), hint.width() + hint.width() / 8), between(1, 2), between(1, 16),
                        Arbitraries.of(1, 3, 7), between(1, 2)), between(1, 8), seeds())
                .as((v, out, seed) -> new BigBatchCase(v.get(0), v.get(1), v.get(2), v.get(3),
                        v.get(1) % v.get(4) == 0 && v.get(5) % v.get(4) == 0 ? v.get(4) : 1, v.get(5), v.get(6),
                        v.get(7), out, seed));
    }

    /**
     * Random DAGs of 1–12 steps over batch 1–2, 1–16 channels, H and W 1–16; adds and forked conv → BN chains are
     * drawn more often than other steps, a tap on a third of the nodes, the classifier head in half the graphs.
     */
    public static Arbitrary<GraphCase> graphs() {
        Arbitrary<GraphCase.Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(GraphCase.Kind.CONV, GraphCase.Kind.ADD, GraphCase.Kind.FORKED_CONV_BN)),
                Tuple.of(2, Arbitraries.of(GraphCase.Kind.BATCH_NORM, GraphCase.Kind.RELU)),
                Tuple.of(1, Arbitraries.of(GraphCase.Kind.STRIDED_CONV, GraphCase.Kind.MAX_POOL,
                        GraphCase.Kind.STRIDED_MAX_POOL)));
        Arbitrary<GraphCase.Step> step = Combinators.combine(kinds, between(0, 63), between(0, 63), between(0, 63),
                Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true))).as(GraphCase.Step::new);
        return Combinators.combine(ints(between(1, 2), between(1, 16), between(1, 16), between(1, 16)),
                        step.list().ofMinSize(1).ofMaxSize(12), Arbitraries.of(false, true),
                        Arbitraries.of(true, false), specials(), seeds())
                .as((v, steps, head, request, specials, seed) -> new GraphCase(v.get(0), v.get(1), v.get(2),
                        v.get(3), steps, head, request, specials, seed));
    }

    /**
     * A block of either kind with 2–4 inputs of batch 1–2, H and W 1–12 (batch, height, width per input), so
     * threads sharing a compiled graph run different shapes at once.
     */
    public static Arbitrary<ConcurrencyCase> concurrencyCases() {
        Arbitrary<List<Integer>> sizes = ints(between(1, 2), between(1, 12), between(1, 12));
        return Combinators.combine(anyBlocks(), sizes.list().ofMinSize(2).ofMaxSize(4), seeds())
                .as((block, shapes, seed) -> new ConcurrencyCase(block,
                        shapes.stream().flatMap(List::stream).toList(), seed));
    }

    /** Integer arbitraries combined into one list (jqwik's typed combine stops at eight parts). */
    @SafeVarargs
    static Arbitrary<List<Integer>> ints(Arbitrary<Integer>... parts) {
        return Combinators.combine(List.of(parts)).as(List::copyOf);
    }
}
