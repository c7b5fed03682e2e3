package io.resnet4j.graph;

import io.resnet4j.ResNet4jException;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.List;

/**
 * One operation of a {@link Graph}. Ops carry their weights, so a backend sees everything it needs to plan,
 * fuse or upload before the first run. Every op works on float32 NCHW tensors (rank 2 after
 * {@link Flatten}).
 */
public sealed interface Op {

    /** The output shape for these input shapes; throws naming {@code node} if they are not acceptable. */
    Shape outputShape(List<Shape> inputs, String node);

    /** Multiply-accumulates to produce {@code out}; zero for ops that do none. */
    default long macs(List<Shape> inputs, Shape out) {
        return 0;
    }

    /** The graph's entry: accepts N×C×H×W with the given C and any N, H, W ≥ 1. */
    record Input(int channels) implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape s = inputs.getFirst();
            if (s.rank() != 4 || s.dim(1) != channels || s.dim(0) < 1 || s.dim(2) < 1 || s.dim(3) < 1) {
                throw new ResNet4jException("input: expected N×" + channels + "×H×W with N, H, W ≥ 1, got " + s);
            }
            return s;
        }
    }

    /** 2-D convolution; {@code weight} is out×(in/groups)×k×k, {@code bias} may be null. Square kernel, symmetric padding. */
    record Conv2d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) implements Op {
        public Conv2d {
            if (weight.rank() != 4 || weight.dim(2) != weight.dim(3)) {
                throw new ResNet4jException("Conv2d weight must be out×in×k×k, got " + weight.shape());
            }
            if (stride < 1 || padding < 0 || dilation < 1 || groups < 1 || weight.dim(0) % groups != 0) {
                throw new ResNet4jException("Conv2d: invalid stride " + stride + ", padding " + padding
                        + ", dilation " + dilation + " or groups " + groups + " for weight " + weight.shape());
            }
            if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
                throw new ResNet4jException("Conv2d bias must have " + weight.dim(0) + " values, got " + bias.shape());
            }
        }

        public int outChannels() {
            return weight.dim(0);
        }

        public int inChannels() {
            return weight.dim(1) * groups;
        }

        public int kernel() {
            return weight.dim(2);
        }

        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            return geometry().outputShape(inputs.getFirst(), node);
        }

        /** The conv without its weights: all that shape inference needs. */
        public Geometry geometry() {
            return new Geometry(inChannels(), outChannels(), kernel(), stride, padding, dilation);
        }

        /**
         * A convolution's shape rule apart from its weights, so that a backend that has taken its own (folded,
         * packed) copy of the weights can check input shapes without keeping the originals alive.
         */
        public record Geometry(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation) {
            public Shape outputShape(Shape input, String node) {
                Shape in = Shapes.requireNchw(input, node);
                if (in.dim(1) != inChannels) {
                    throw new ResNet4jException(node + ": expects " + inChannels + " input channels, got " + in);
                }
                int h = Shapes.convOut(in.dim(2), kernel, stride, padding, dilation, node);
                int w = Shapes.convOut(in.dim(3), kernel, stride, padding, dilation, node);
                return Shape.of(in.dim(0), outChannels, h, w);
            }
        }

        @Override
        public long macs(List<Shape> inputs, Shape out) {
            return out.size() * (long) weight.dim(1) * kernel() * kernel();
        }
    }

    /** Inference-mode batch norm: y = (x − mean) / √(var + eps) · gamma + beta, per channel. */
    record BatchNorm(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) implements Op {
        public BatchNorm {
            int c = gamma.dim(0);
            for (Tensor t : List.of(gamma, beta, mean, var)) {
                if (t.rank() != 1 || t.dim(0) != c) {
                    throw new ResNet4jException("BatchNorm parameters must all have " + c + " values, got " + t.shape());
                }
            }
        }

        public int channels() {
            return gamma.dim(0);
        }

        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape in = Shapes.requireNchw(inputs.getFirst(), node);
            if (in.dim(1) != channels()) {
                throw new ResNet4jException(node + ": expects " + channels() + " channels, got " + in);
            }
            return in;
        }
    }

    record Relu() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            return inputs.getFirst();
        }
    }

    /** Max pooling, square window, padding with −∞, {@code ceil_mode=False}. */
    record MaxPool(int kernel, int stride, int padding) implements Op {
        public MaxPool {
            if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
                throw new ResNet4jException("MaxPool: invalid kernel " + kernel + ", stride " + stride + ", padding " + padding);
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape in = Shapes.requireNchw(inputs.getFirst(), node);
            return Shape.of(in.dim(0), in.dim(1),
                    Shapes.convOut(in.dim(2), kernel, stride, padding, 1, node),
                    Shapes.convOut(in.dim(3), kernel, stride, padding, 1, node));
        }
    }

    /** Adaptive average pooling to 1×1: the mean of each channel. */
    record GlobalAvgPool() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape in = Shapes.requireNchw(inputs.getFirst(), node);
            return Shape.of(in.dim(0), in.dim(1), 1, 1);
        }
    }

    /** N×C×1×1 (or any N×…) to N×(C·…). */
    record Flatten() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape in = inputs.getFirst();
            return Shape.of(in.dim(0), (int) (in.size() / in.dim(0)));
        }
    }

    /** y = x·Wᵀ + b; {@code weight} is out×in. */
    record Linear(Tensor weight, Tensor bias) implements Op {
        public Linear {
            if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
                throw new ResNet4jException("Linear needs weight out×in and bias out, got " + weight.shape() + " and " + bias.shape());
            }
        }

        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            Shape in = inputs.getFirst();
            if (in.rank() != 2 || in.dim(1) != weight.dim(1)) {
                throw new ResNet4jException(node + ": expects N×" + weight.dim(1) + ", got " + in);
            }
            return Shape.of(in.dim(0), weight.dim(0));
        }

        @Override
        public long macs(List<Shape> inputs, Shape out) {
            return out.size() * (long) weight.dim(1);
        }
    }

    /** Element-wise sum of two equally shaped tensors (the residual connection). */
    record Add() implements Op {
        @Override
        public Shape outputShape(List<Shape> inputs, String node) {
            if (inputs.size() != 2 || !inputs.get(0).equals(inputs.get(1))) {
                throw new ResNet4jException(node + ": adds two equal shapes, got " + inputs);
            }
            return inputs.getFirst();
        }
    }
}
