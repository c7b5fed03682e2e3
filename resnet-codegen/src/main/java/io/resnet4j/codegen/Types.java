package io.resnet4j.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import javax.annotation.processing.Generated;

/** The resnet4j types generated code refers to, by name, so the processor never loads them reflectively. */
final class Types {
    private Types() {}

    /** The project's indent, so generated code reads like the hand-written code beside it. */
    static final String INDENT = "    ";

    static final String NN = "io.resnet4j.nn";
    static final String SPEC = "io.resnet4j.spec";

    static final ClassName RESNET_MODEL = ClassName.get(NN, "ResNetModel");
    static final ClassName ARCHITECTURE = ClassName.get(NN, "Architecture");
    static final ClassName STATE_DICT = ClassName.get(NN, "StateDict");
    static final ClassName CONV2D = ClassName.get(NN, "Conv2d");
    static final ClassName BATCH_NORM = ClassName.get(NN, "BatchNorm2d");
    static final ClassName RELU = ClassName.get(NN, "Relu");
    static final ClassName MAX_POOL = ClassName.get(NN, "MaxPool2d");
    static final ClassName STAGE = ClassName.get(NN, "Stage");
    static final ClassName BLOCK = ClassName.get(NN, "Block");
    static final ClassName BASIC_BLOCK = ClassName.get(NN, "BasicBlock");
    static final ClassName BOTTLENECK = ClassName.get(NN, "Bottleneck");
    static final ClassName AVG_POOL = ClassName.get(NN, "AdaptiveAvgPool2d");
    static final ClassName LINEAR = ClassName.get(NN, "Linear");
    static final ClassName RESNET_SPEC = ClassName.get(SPEC, "ResNetSpec");
    static final ClassName BLOCK_TYPE = ClassName.get(SPEC, "BlockType");
    static final ClassName STRIDE_PLACEMENT = ClassName.get(SPEC, "StridePlacement");
    static final ClassName LIST = ClassName.get("java.util", "List");

    /** {@code @Generated("io.resnet4j.codegen.ResNetProcessor")}, on every generated type. */
    static AnnotationSpec generated() {
        return AnnotationSpec.builder(Generated.class)
                .addMember("value", "$S", ResNetProcessor.class.getName())
                .build();
    }
}
