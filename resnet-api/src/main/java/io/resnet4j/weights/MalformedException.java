package io.resnet4j.weights;

/**
 * Internal signal that the file content is invalid. Parsers throw it from deep inside without threading a
 * {@link java.nio.file.Path} through every call; the public entry points turn it into a
 * {@link CheckpointException} naming the file.
 */
final class MalformedException extends RuntimeException {
    MalformedException(String fault) {
        super(fault, null, false, false);
    }
}
