package io.resnet4j.backend;

import java.util.Locale;

/**
 * One device a backend can run on, as {@code resnet4j backends} lists it.
 *
 * @param id       what {@code --device} (or {@value #PROPERTY}) accepts, e.g. {@code 0:1}
 * @param name     the driver's name for it
 * @param type     {@code GPU}, {@code CPU}, {@code ACCELERATOR} …
 * @param memory   global memory in bytes, or 0 when unknown
 * @param selected whether the backend would run on it
 */
public record BackendDevice(String id, String name, String type, long memory, boolean selected) {
    /**
     * The device a backend with several runs on: an id from {@code resnet4j backends}, a device type such as
     * {@code gpu}, or part of the device's name. The CLI's {@code --device} sets it.
     */
    public static final String PROPERTY = "resnet4j.device";

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %-5s %-11s %s%s", selected ? "*" : " ", id, type,
                name, memory > 0 ? String.format(Locale.ROOT, " (%.1f GiB)", memory / (double) (1L << 30)) : "");
    }
}
