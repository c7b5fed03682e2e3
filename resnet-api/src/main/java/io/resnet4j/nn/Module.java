package io.resnet4j.nn;

import java.util.List;

/** A node of the model tree, named like the torchvision module it mirrors. */
public interface Module {
    /** Full dotted name, the prefix of this module's state_dict keys ({@code layer1.0.conv1}). */
    String name();

    /** The last part of {@link #name()}, as PyTorch prints it in parentheses. */
    default String localName() {
        String n = name();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    /** PyTorch's one-line repr, e.g. {@code Conv2d(3, 64, kernel_size=(7, 7), ...)} or {@code Bottleneck}. */
    String describe();

    /** Sub-modules in torchvision's registration order; empty for leaves. */
    default List<? extends Module> children() {
        return List.of();
    }

    /** Name of the graph node holding this module's output, for summaries. */
    default String outputNode() {
        return name();
    }

    static String join(String prefix, String local) {
        return prefix.isEmpty() ? local : prefix + "." + local;
    }
}
