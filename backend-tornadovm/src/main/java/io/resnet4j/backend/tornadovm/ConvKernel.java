package io.resnet4j.backend.tornadovm;

/**
 * Which convolution kernel a device gets: work-group tiles in local memory for a GPU or other accelerator, register
 * blocks with no barriers for a CPU device (see {@link CpuConvKernel} for why). {@value #PROPERTY} overrides the
 * choice ({@code tiled} or {@code registers}), so either kernel can be tested on any device.
 */
enum ConvKernel {
    TILED, REGISTERS;

    static final String PROPERTY = "resnet4j.tornadovm.conv";

    static ConvKernel forDevice(DeviceChoice device) {
        String asked = System.getProperty(PROPERTY);
        if (asked != null) {
            return switch (asked) {
                case "tiled" -> TILED;
                case "registers" -> REGISTERS;
                default -> throw new io.resnet4j.ResNet4jException("-D" + PROPERTY + "=" + asked
                        + ": expected tiled or registers");
            };
        }
        return device.accelerator() ? TILED : REGISTERS;
    }
}
