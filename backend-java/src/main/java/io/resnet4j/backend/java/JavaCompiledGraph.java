package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A planned graph: runs its steps in order and frees each value after its last reader. */
final class JavaCompiledGraph implements CompiledGraph {
    private final Graph graph;
    private final List<Step> steps;
    private final Parallel parallel;
    /** For each node, the index of the last step that reads it (−1 if none). */
    private final int[] lastUse;

    JavaCompiledGraph(Graph graph, List<Step> steps, Parallel parallel) {
        this.graph = graph;
        this.steps = List.copyOf(steps);
        this.parallel = parallel;
        this.lastUse = new int[graph.nodes().size()];
        java.util.Arrays.fill(lastUse, -1);
        for (int i = 0; i < steps.size(); i++) {
            for (int id : steps.get(i).inputs()) {
                lastUse[id] = i;
            }
        }
    }

    /** The plan, for tests that check what was fused. */
    List<Step> steps() {
        return steps;
    }

    @Override
    public Map<String, Tensor> run(Tensor input, Collection<String> taps) {
        if (input == null) {
            throw new ResNet4jException("input: the tensor is null");
        }
        Shape[] shapes = graph.inferShapes(input.shape());
        List<String> requested = graph.requireTaps(taps);
        parallel.ensureOpen();

        boolean[] keep = new boolean[shapes.length];
        keep[graph.output().id()] = true;
        requested.forEach(t -> keep[graph.taps().get(t).id()] = true);

        Activations values = new Activations(shapes, input.data());
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            step.execute(values, parallel);
            for (int id : step.inputs()) {
                if (lastUse[id] == i && !keep[id]) {
                    values.release(id);
                }
            }
        }
        return results(values, input, requested);
    }


    /**
     * The output and the requested taps. A value can back several names (Flatten shares its input's array) or be
     * the caller's own input: those are copied, so every returned tensor owns its array.
     */
    private Map<String, Tensor> results(Activations values, Tensor input, List<String> requested) {
        Set<float[]> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        handedOut.add(input.data());
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("output", owned(values, graph.output().id(), handedOut));
        for (String t : requested) {
            out.put(t, owned(values, graph.taps().get(t).id(), handedOut));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Tensor owned(Activations values, int node, Set<float[]> handedOut) {
        float[] data = values.get(node);
        if (!handedOut.add(data)) {
            data = data.clone();
        }
        return Tensor.wrap(values.shape(node), data);
    }
}
