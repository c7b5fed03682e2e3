package io.resnet4j.weights;

import java.nio.file.Path;

/**
 * A checkpoint file could not be read or does not fit the model. Checked, because a bad file is an expected
 * outcome when reading user-supplied weights. The message is always {@code "<file>: <fault>"}.
 */
public class CheckpointException extends Exception {
    private final transient Path file;

    public CheckpointException(Path file, String fault) {
        super(file + ": " + fault);
        this.file = file;
    }

    public CheckpointException(Path file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
