package io.resnet4j.backend;

/** Whether a backend can run here, and if not, why — in words a user can act on. */
public record Availability(boolean available, String reason) {
    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }

    @Override
    public String toString() {
        return available ? "available" + (reason.isEmpty() ? "" : " (" + reason + ")") : "unavailable: " + reason;
    }
}
