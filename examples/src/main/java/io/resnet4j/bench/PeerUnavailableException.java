package io.resnet4j.bench;

/** A peer that cannot be measured here; the message is one line saying why and how to get it. */
public final class PeerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerUnavailableException(String message) {
        super(message);
    }

    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
