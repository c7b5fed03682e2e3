package io.resnet4j.weights;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A read-only memory mapping of a whole file whose {@link #close()} unmaps it at once (not at some GC). */
final class MappedFile implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment bytes;

    private MappedFile(Arena arena, MemorySegment bytes) {
        this.arena = arena;
        this.bytes = bytes;
    }

    static MappedFile open(Path file) throws CheckpointException {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a directory, not a checkpoint file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment bytes = size == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new MappedFile(arena, bytes);
        } catch (java.nio.file.NoSuchFileException e) {
            arena.close();
            throw new CheckpointException(file, "no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            arena.close();
            throw new CheckpointException(file, "permission denied", e);
        } catch (IOException | UnsupportedOperationException e) {
            arena.close();
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The file's bytes; valid until {@link #close()}. */
    MemorySegment bytes() {
        return bytes;
    }

    long size() {
        return bytes.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
