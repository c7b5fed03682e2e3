package io.resnet4j.weights;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temporary sibling that a file is written to before it is renamed over its target, so that readers never
 * see half a file. Unlike {@link Files#createTempFile}, which makes files only their owner can read (0600), the
 * sibling is created like any new file, so the renamed result has the permissions the user's umask gives.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Creates an empty, hidden sibling of {@code target} ({@code .NAME.RANDOM.tmp}) and returns it. A missing
     * directory is reported as such, naming the directory rather than a temporary file.
     */
    public static Path createSibling(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new FileSystemException(target.toString(), null, "directory " + dir + " does not exist");
        }
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
