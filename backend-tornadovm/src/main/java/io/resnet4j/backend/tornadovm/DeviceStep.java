package io.resnet4j.backend.tornadovm;

import io.resnet4j.tensor.Shape;
import java.util.List;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * One device task of a planned graph, independent of the input shape: which node values it reads and writes
 * (node ids), its weights (uploaded once) and how to fill its size parameters once shapes are known.
 * {@link ShapePlan} turns the steps into one TaskGraph per input shape.
 */
sealed interface DeviceStep {
    /** TornadoVM task name: the node name and op, e.g. {@code layer1_0_conv1_conv}. */
    String task();

    /** Node ids read, in kernel argument order. */
    List<Integer> inputs();

    /** Node id written. */
    int output();

    /** Arrays that never change between runs (weights), transferred once. */
    default List<FloatArray> constants() {
        return List.of();
    }

    /** The kernel's size parameters for these node shapes. */
    IntArray params(Shape[] shapes);

    /**
     * Work-items per work-group; {@code params} puts the launch size first, a multiple of it or rounded up to one
     * (kernels then guard their bound).
     */
    default int localSize(IntArray params) {
        return ShapePlan.LOCAL_SIZE;
    }

    /** Multiply-accumulates of one run, for profiles. */
    default long macs(Shape[] shapes) {
        return 0;
    }

    /** What kind of layer this is, for profiles: e.g. {@code conv 3x3/2}, {@code maxpool}. */
    default String kind() {
        String name = getClass().getSimpleName();
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Conv (+ folded BN bias) → optional residual add → optional ReLU; {@code residual} is −1 when absent.
     * {@code kernel} says which kernel runs it, and so in which layout {@code weight} is.
     */
    record Conv(String task, int input, int residual, int output, FloatArray weight, FloatArray bias, boolean relu,
            int kernel, int stride, int padding, int dilation, int groups, ConvKernel convKernel)
            implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return residual < 0 ? List.of(input) : List.of(input, residual);
        }

        @Override
        public List<FloatArray> constants() {
            return List.of(weight, bias);
        }

        @Override
        public long macs(Shape[] shapes) {
            return shapes[output].size() * (shapes[input].dim(1) / groups) * kernel * kernel;
        }

        /**
         * Register-blocked: no barrier, so the size only sets how many work-items PoCL runs per call of its work-group
         * function. 16: groups of 4 ran a 1×1 1024→256 conv at 14×14 at 26–31 GFLOP/s against 39–47 for 16
         * (PoCL 3.1).
         */
        @Override
        public int localSize(IntArray params) {
            return convKernel == ConvKernel.TILED ? DeviceKernels.CONV_GROUP : 16;
        }

        @Override
        public String kind() {
            return "conv " + kernel + "x" + kernel + (stride > 1 ? "/" + stride : "") + (groups > 1 ? " g" + groups : "");
        }

        @Override
        public IntArray params(Shape[] shapes) {
            Shape in = shapes[input];
            Shape out = shapes[output];
            int[] p = new int[DeviceKernels.CONV_PARAMS];
            p[DeviceKernels.CONV_TOTAL] = total(out);
            p[DeviceKernels.CONV_CIN] = in.dim(1);
            p[DeviceKernels.CONV_H] = in.dim(2);
            p[DeviceKernels.CONV_W] = in.dim(3);
            p[DeviceKernels.CONV_COUT] = out.dim(1);
            p[DeviceKernels.CONV_OH] = out.dim(2);
            p[DeviceKernels.CONV_OW] = out.dim(3);
            p[DeviceKernels.CONV_K] = kernel;
            p[DeviceKernels.CONV_STRIDE] = stride;
            p[DeviceKernels.CONV_PAD] = padding;
            p[DeviceKernels.CONV_DIL] = dilation;
            p[DeviceKernels.CONV_GROUPS] = groups;
            p[DeviceKernels.CONV_RESIDUAL] = residual < 0 ? 0 : 1;
            p[DeviceKernels.CONV_RELU] = relu ? 1 : 0;
            // The tiled kernel: one work-group of CONV_GROUP per (image, group, channel tile, pixel tile); the
            // register-blocked one: one work-item per (image, group, channel block, block of PIXELS pixels).
            boolean tiled = convKernel == ConvKernel.TILED;
            int tilesM = ceilDiv(out.dim(1) / groups, tiled ? DeviceKernels.TILE_M : CpuConvKernel.BM);
            int tilesN = ceilDiv(out.dim(2) * out.dim(3), tiled ? DeviceKernels.TILE_N : CpuConvKernel.PIXELS);
            p[DeviceKernels.CONV_TILES_M] = tilesM;
            p[DeviceKernels.CONV_TILES_N] = tilesN;
            long launch = (long) out.dim(0) * groups * tilesM * tilesN
                    * (tiled ? DeviceKernels.CONV_GROUP : 1);
            if (launch > Integer.MAX_VALUE) {
                throw new io.resnet4j.ResNet4jException("tornadovm: a convolution of output " + out
                        + " needs more work-items than 32-bit indexing allows; split the batch");
            }
            p[DeviceKernels.CONV_TOTAL] = (int) launch;
            return IntArray.fromArray(p);
        }
    }

    /** Per-channel y = x·scale + shift, optional ReLU (a batch norm not folded into a conv). */
    record ScaleShift(String task, int input, int output, FloatArray scale, FloatArray shift, boolean relu)
            implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public List<FloatArray> constants() {
            return List.of(scale, shift);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            Shape s = shapes[input];
            return pointwise(s, s.dim(1), s.dim(2) * s.dim(3), relu);
        }
    }

    record Relu(String task, int input, int output) implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            return pointwise(shapes[input], 1, 1, true);
        }
    }

    record Add(String task, int left, int right, int output, boolean relu) implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(left, right);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            return pointwise(shapes[left], 1, 1, relu);
        }
    }

    record MaxPool(String task, int input, int output, int kernel, int stride, int padding) implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            Shape in = shapes[input];
            Shape out = shapes[output];
            int[] p = new int[DeviceKernels.POOL_PARAMS];
            p[DeviceKernels.POOL_TOTAL] = total(out);
            p[DeviceKernels.POOL_H] = in.dim(2);
            p[DeviceKernels.POOL_W] = in.dim(3);
            p[DeviceKernels.POOL_OH] = out.dim(2);
            p[DeviceKernels.POOL_OW] = out.dim(3);
            p[DeviceKernels.POOL_K] = kernel;
            p[DeviceKernels.POOL_STRIDE] = stride;
            p[DeviceKernels.POOL_PAD] = padding;
            return IntArray.fromArray(p);
        }
    }

    record GlobalAvgPool(String task, int input, int output) implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            Shape in = shapes[input];
            return IntArray.fromElements(in.dim(0) * in.dim(1), in.dim(2) * in.dim(3));
        }
    }

    record Linear(String task, int input, int output, FloatArray weight, FloatArray bias) implements DeviceStep {
        @Override
        public List<Integer> inputs() {
            return List.of(input);
        }

        @Override
        public List<FloatArray> constants() {
            return List.of(weight, bias);
        }

        @Override
        public long macs(Shape[] shapes) {
            return shapes[output].size() * shapes[input].dim(1);
        }

        @Override
        public IntArray params(Shape[] shapes) {
            Shape out = shapes[output];
            return IntArray.fromElements(total(out), shapes[input].dim(1), out.dim(1));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static IntArray pointwise(Shape s, int channels, int plane, boolean relu) {
        int[] p = new int[DeviceKernels.PW_PARAMS];
        p[DeviceKernels.PW_TOTAL] = total(s);
        p[DeviceKernels.PW_CHANNELS] = channels;
        p[DeviceKernels.PW_PLANE] = plane;
        p[DeviceKernels.PW_RELU] = relu ? 1 : 0;
        return IntArray.fromArray(p);
    }

    /** Elements of {@code s}; device indices are 32-bit, so larger tensors are refused by {@link ShapePlan}. */
    static int total(Shape s) {
        return (int) s.size();
    }
}
