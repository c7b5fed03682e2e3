package io.resnet4j.cli;

import io.resnet4j.ResNet4jException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The images named on the command line: files as given (in that order, even if they do not exist, so that each is
 * reported), folders replaced by the image files under them, recursively, in sorted path order.
 */
final class ImageFiles {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "jpe", "jfif", "bmp", "gif", "tif", "tiff");

    private ImageFiles() {}

    static List<Path> expand(List<Path> arguments) {
        List<Path> files = new ArrayList<>();
        for (Path p : arguments) {
            if (Files.isDirectory(p)) {
                List<Path> found = imagesUnder(p);
                if (found.isEmpty()) {
                    throw new ResNet4jException(p + ": no image files under it (looked for ."
                            + String.join(", .", EXTENSIONS.stream().sorted().toList()) + ")");
                }
                files.addAll(found);
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static List<Path> imagesUnder(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(ImageFiles::hasImageExtension).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ResNet4jException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    static boolean hasImageExtension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
