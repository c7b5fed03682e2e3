package io.resnet4j;

/**
 * The one unchecked exception type resnet4j throws for bad input: a wrong-shaped tensor, an unknown
 * backend, an invalid spec. The message names the thing at fault; callers such as the CLI print it as is.
 */
public class ResNet4jException extends RuntimeException {
    public ResNet4jException(String message) {
        super(message);
    }

    public ResNet4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
