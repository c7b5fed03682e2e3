package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import io.resnet4j.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders {@link ResNetModel#summary(Shape)}: PyTorch's module tree plus shape, parameter and MAC columns. */
final class Summary {
    private final ResNetModel model;
    private final Shape input;
    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, Long> macs = new HashMap<>();
    private final StringBuilder out = new StringBuilder();
    private final int maxWidth;
    private int width;
    private String rowFormat;

    Summary(ResNetModel model, Shape input, int maxWidth) {
        this.model = model;
        this.input = input;
        this.maxWidth = maxWidth;
    }

    String render() {
        Graph graph = model.graph();
        Shape[] s = graph.inferShapes(input);
        for (Graph.Node n : graph.nodes()) {
            shapes.put(n.name(), s[n.id()]);
            macs.put(n.name(), n.op().macs(n.inputs().stream().map(i -> s[i.id()]).toList(), s[n.id()]));
        }
        // Each number column as wide as its widest entry (or its title); the module column gets the rest.
        int shapeWidth = "Output shape".length();
        for (Shape shape : shapes.values()) {
            shapeWidth = Math.max(shapeWidth, shape.toString().length());
        }
        int paramsWidth = Math.max("Params".length(), String.format(Locale.ROOT, "%,d", model.parameterCount()).length());
        int macsWidth = Math.max("MACs".length(), String.format(Locale.ROOT, "%,d",
                Math.max(graph.macs(input), macsUnder(model))).length());
        int numbers = 2 + shapeWidth + 2 + paramsWidth + 2 + macsWidth;
        width = Math.max(Math.min(measure(model, 0), (int) Math.min(Integer.MAX_VALUE, (long) maxWidth - numbers)),
                "Module".length());
        rowFormat = "%-" + width + "s  %-" + shapeWidth + "s  %" + paramsWidth + "s  %" + macsWidth + "s";
        String header = String.format(Locale.ROOT, rowFormat, "Module", "Output shape", "Params", "MACs");
        out.append(model.spec().name()).append(" on input ").append(input).append('\n');
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        write(model, 0);
        long params = model.parameterCount();
        long total = graph.macs(input);
        out.append("-".repeat(header.length())).append('\n');
        out.append(String.format(Locale.ROOT, "Total params: %,d%n", params));
        out.append(String.format(Locale.ROOT, "Total MACs (convolutions + fc): %,d (%.4f GMAC)%n", total, total / 1e9));
        out.append(String.format(Locale.ROOT, "Output: %s%n", graph.outputShape(input)));
        return out.toString();
    }

    private static String label(Module m, int depth) {
        String head = depth == 0 ? m.describe() : "(" + m.localName() + "): " + m.describe();
        return "  ".repeat(depth) + head + (m.children().isEmpty() ? "" : "(");
    }

    private static int measure(Module m, int depth) {
        int w = label(m, depth).length();
        for (Module c : m.children()) {
            w = Math.max(w, measure(c, depth + 1));
        }
        return w;
    }

    private void write(Module m, int depth) {
        Shape shape = shapes.get(m.outputNode());
        long p = model.stateDict().parameterCount(m.name());
        out.append(String.format(Locale.ROOT, rowFormat, fit(label(m, depth)), shape == null ? "" : shape.toString(),
                String.format(Locale.ROOT, "%,d", p), String.format(Locale.ROOT, "%,d", macsUnder(m)))).append('\n');
        List<? extends Module> children = m.children();
        if (!children.isEmpty()) {
            for (Module c : children) {
                write(c, depth + 1);
            }
            out.append("  ".repeat(depth)).append(")\n");
        }
    }

    /** The label cut to the module column, ending in "…" when cut. */
    private String fit(String label) {
        return label.length() <= width ? label : label.substring(0, width - 1) + "…";
    }

    private long macsUnder(Module m) {
        if (m instanceof ResNetModel) {
            return macs.values().stream().mapToLong(Long::longValue).sum();
        }
        String prefix = m.name() + ".";
        long total = 0;
        for (Map.Entry<String, Long> e : macs.entrySet()) {
            if (e.getKey().equals(m.name()) || e.getKey().startsWith(prefix)) {
                total += e.getValue();
            }
        }
        return total;
    }
}
