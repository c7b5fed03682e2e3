package io.resnet4j.codegen;

import com.palantir.javapoet.CodeBlock;
import io.resnet4j.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Java expression that rebuilds a spec: {@code ResNetSpec.builder(name, block, layers…)} followed by one call
 * per attribute that differs from its default, so the generated {@code SPEC} reads like the annotation did.
 */
final class SpecLiteral {
    private SpecLiteral() {}

    static CodeBlock of(ResNetSpec spec) {
        ResNetSpec defaults = ResNetSpec.builder(spec.name(), spec.block(), spec.layers()).build();
        List<CodeBlock> calls = new ArrayList<>();
        if (spec.numClasses() != defaults.numClasses()) {
            calls.add(CodeBlock.of(".numClasses($L)", spec.numClasses()));
        }
        if (spec.groups() != defaults.groups()) {
            calls.add(CodeBlock.of(".groups($L)", spec.groups()));
        }
        if (spec.widthPerGroup() != defaults.widthPerGroup()) {
            calls.add(CodeBlock.of(".widthPerGroup($L)", spec.widthPerGroup()));
        }
        if (spec.stride() != defaults.stride()) {
            calls.add(CodeBlock.of(".stride($T.$L)", Types.STRIDE_PLACEMENT, spec.stride().name()));
        }
        if (spec.zeroInitResidual() != defaults.zeroInitResidual()) {
            calls.add(CodeBlock.of(".zeroInitResidual($L)", spec.zeroInitResidual()));
        }
        if (!Arrays.equals(spec.replaceStrideWithDilation(), defaults.replaceStrideWithDilation())) {
            calls.add(CodeBlock.of(".replaceStrideWithDilation($L)", join(spec.replaceStrideWithDilation())));
        }
        if (spec.inChannels() != defaults.inChannels()) {
            calls.add(CodeBlock.of(".inChannels($L)", spec.inChannels()));
        }
        if (spec.baseWidth() != defaults.baseWidth()) {
            calls.add(CodeBlock.of(".baseWidth($L)", spec.baseWidth()));
        }

        CodeBlock.Builder code = CodeBlock.builder().add("$T.builder($S, $T.$L, $L)", Types.RESNET_SPEC, spec.name(),
                Types.BLOCK_TYPE, spec.block().name(), join(spec.layers()));
        if (calls.isEmpty()) {
            return code.add(".build()").build();
        }
        // One call per line once there are any, so a long spec stays readable.
        code.add("$>$>");
        for (CodeBlock call : calls) {
            code.add("\n$L", call);
        }
        return code.add("\n.build()$<$<").build();
    }

    private static String join(int[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    private static String join(boolean[] values) {
        List<String> out = new ArrayList<>();
        for (boolean v : values) {
            out.add(Boolean.toString(v));
        }
        return String.join(", ", out);
    }
}
