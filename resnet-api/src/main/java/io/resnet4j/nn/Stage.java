package io.resnet4j.nn;

import io.resnet4j.graph.Graph;
import java.util.Iterator;
import java.util.List;

/** One of torchvision's {@code layerN}: a sequence of blocks, the first of which may stride and project. */
public final class Stage<B extends Block> implements Module, Iterable<B> {
    private final String name;
    private final List<B> blocks;

    public Stage(String name, List<B> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one block");
        }
        this.name = name;
        this.blocks = List.copyOf(blocks);
    }

    @Override
    public String name() {
        return name;
    }

    /** Block {@code i}, state_dict prefix {@code layerN.i}. */
    public B block(int i) {
        return blocks.get(i);
    }

    public List<B> blocks() {
        return blocks;
    }

    public int size() {
        return blocks.size();
    }

    @Override
    public Iterator<B> iterator() {
        return blocks.iterator();
    }

    public Graph.Node lower(Graph.Builder g, Graph.Node x) {
        for (B b : blocks) {
            x = b.lower(g, x);
        }
        return x;
    }

    @Override
    public String describe() {
        return "Sequential";
    }

    @Override
    public List<? extends Module> children() {
        return blocks;
    }

    @Override
    public String outputNode() {
        return blocks.getLast().outputNode();
    }
}
