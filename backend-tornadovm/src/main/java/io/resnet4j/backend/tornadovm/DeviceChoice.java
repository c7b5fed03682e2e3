package io.resnet4j.backend.tornadovm;

import io.resnet4j.backend.BackendDevice;
import java.util.List;

/**
 * The device the backend runs on and every device TornadoVM sees, in plain Java types so that the provider can
 * hold it without loading TornadoVM's classes.
 *
 * @param backend     TornadoVM backend index of the chosen device
 * @param device      device index within that backend
 * @param description e.g. "NVIDIA H200 (GPU, OPENCL, NVIDIA CUDA)"
 * @param accelerator whether it is a GPU, FPGA or other accelerator rather than a CPU
 * @param asked       whether the user named the device (--device, -Dresnet4j.device)
 * @param devices     every device, the chosen one marked
 */
record DeviceChoice(int backend, int device, String description, boolean accelerator, boolean asked,
        List<BackendDevice> devices) {

    /** What {@code backends} says beside "available": the device and why the backend ranks where it does. */
    String summary() {
        String where = accelerator ? "an accelerator: ranked above java"
                : asked ? "a CPU device, chosen with -D" + BackendDevice.PROPERTY
                        : "a CPU device: ranked below java; --backend tornadovm or --device chooses it";
        return description + "; " + where;
    }
}
