package io.resnet4j.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the CLI finds architectures (and backends) compiled in the user's own project: {@code --classpath}, else
 * {@code $RESNET4J_CLASSPATH}, as a class path — directories, jars, and {@code dir/*} for every jar in a
 * directory. Architectures are found with {@link java.util.ServiceLoader} on the context class loader, so
 * installing a loader over these entries is all it takes for {@code --arch mynet} to work.
 */
final class UserClasspath {
    static final String ENV = "RESNET4J_CLASSPATH";

    private UserClasspath() {}

    /**
     * A loader over {@code option}'s entries (else {@code env}'s) with {@code parent} above them, or {@code parent}
     * itself when neither is set. A missing entry is a usage error naming it and where it came from.
     */
    static ClassLoader loader(String option, String env, ClassLoader parent) {
        String source = option != null ? "--classpath" : "$" + ENV;
        String value = option != null ? option : env;
        if (value == null || value.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                addEntry(entry.trim(), source, urls);
            }
        }
        return new URLClassLoader("resnet4j-user", urls.toArray(URL[]::new), parent);
    }

    private static void addEntry(String entry, String source, List<URL> urls) {
        if (entry.endsWith("*")) {
            Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
            if (!Files.isDirectory(dir)) {
                throw new Main.UsageException(source + ": no such directory: " + dir);
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                for (Path jar : jars) {
                    urls.add(url(jar));
                }
            } catch (IOException e) {
                throw new Main.UsageException(source + ": cannot list " + dir + ": " + e.getMessage());
            }
            return;
        }
        Path path = Path.of(entry);
        if (!Files.exists(path)) {
            throw new Main.UsageException(source + ": no such file or directory: " + entry);
        }
        urls.add(url(path));
    }

    private static URL url(Path path) {
        try {
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new Main.UsageException("cannot use " + path + " on the class path: " + e.getMessage());
        }
    }
}
