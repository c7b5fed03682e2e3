package io.resnet4j.vision;

import io.resnet4j.ResNet4jException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Class names by index. {@link #imageNet()} are torchvision's 1000 ImageNet names ({@code weights.meta["categories"]}). */
public final class Labels {
    private final List<String> names;
    private final boolean indicesOnly;

    private Labels(List<String> names, boolean indicesOnly) {
        this.names = List.copyOf(names);
        this.indicesOnly = indicesOnly;
    }

    /** ImageNet-1k's class names in torchvision's order (index 0 "tench" … 999 "toilet tissue"). */
    public static Labels imageNet() {
        try (InputStream in = Labels.class.getResourceAsStream("imagenet-classes.txt")) {
            if (in == null) {
                throw new IllegalStateException("imagenet-classes.txt is missing from the resnet-vision jar");
            }
            return new Labels(lines(new String(in.readAllBytes(), StandardCharsets.UTF_8)), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read imagenet-classes.txt from the resnet-vision jar", e);
        }
    }

    /** One name a line (UTF-8); blank lines at the end are ignored. */
    public static Labels read(Path file) {
        try {
            List<String> names = lines(Files.readString(file, StandardCharsets.UTF_8));
            if (names.isEmpty()) {
                throw new ResNet4jException(file + ": no class names in it (one name a line expected)");
            }
            return new Labels(names, false);
        } catch (NoSuchFileException e) {
            throw new ResNet4jException(file + ": no such file");
        } catch (IOException e) {
            throw new ResNet4jException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** No names: each class is called by its index. */
    public static Labels indices(int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return new Labels(names, true);
    }

    public int size() {
        return names.size();
    }

    public String get(int index) {
        return names.get(index);
    }

    /** Whether these are only indices (no names known). */
    public boolean indicesOnly() {
        return indicesOnly;
    }

    private static List<String> lines(String text) {
        List<String> names = new ArrayList<>(text.lines().map(String::strip).toList());
        while (!names.isEmpty() && names.getLast().isEmpty()) {
            names.removeLast();
        }
        return names;
    }
}
