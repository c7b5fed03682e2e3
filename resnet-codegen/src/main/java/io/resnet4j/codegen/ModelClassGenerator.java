package io.resnet4j.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Name> extends ResNetModel}: the {@code SPEC} constant, one field and typed accessor per
 * torchvision module, and a constructor that builds the tree in torchvision's registration order (which is what
 * fixes the state_dict order), one line per block with the numbers spelled out.
 */
final class ModelClassGenerator {
    private static final String STATE = "state";

    private ModelClassGenerator() {}

    static JavaFile generate(AnnotatedSpec annotated) {
        ResNetSpec spec = annotated.spec();
        ClassName self = ClassName.get(annotated.packageName(), annotated.modelName());
        ClassName blockClass = spec.block() == BlockType.BASIC ? Types.BASIC_BLOCK : Types.BOTTLENECK;
        TypeName stageType = ParameterizedTypeName.get(Types.STAGE, blockClass);
        List<List<BlockPlan>> stages = BlockPlan.of(spec);

        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addAnnotation(Types.generated())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .superclass(Types.RESNET_MODEL)
                .addOriginatingElement(annotated.element())
                .addJavadoc(javadoc(annotated))
                .addField(FieldSpec.builder(Types.RESNET_SPEC, "SPEC", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer(SpecLiteral.of(spec))
                        .build());

        type.addMethod(constructor(spec, blockClass, stages))
                .addMethod(MethodSpec.methodBuilder("create")
                        .addJavadoc("A freshly initialised model; the same {@code seed} gives the same weights.\n")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(self)
                        .addParameter(TypeName.LONG, "seed")
                        .addStatement("return new $T(new $T(seed))", self, Types.STATE_DICT)
                        .build());
        // Fields and accessors in torchvision's module order.
        addModule(type, Types.CONV2D, "conv1", true);
        addModule(type, Types.BATCH_NORM, "bn1", true);
        addModule(type, Types.RELU, "relu", true);
        addModule(type, Types.MAX_POOL, "maxpool", true);
        for (int s = 0; s < stages.size(); s++) {
            addModule(type, stageType, BlockPlan.stageName(s), false);
        }
        addModule(type, Types.AVG_POOL, "avgpool", true);
        addModule(type, Types.LINEAR, "fc", true);
        type.addMethod(stagesAccessor(stages.size()));
        return JavaFile.builder(annotated.packageName(), type.build())
                .indent(Types.INDENT)
                .skipJavaLangImports(true)
                .build();
    }

    private static CodeBlock javadoc(AnnotatedSpec annotated) {
        ResNetSpec spec = annotated.spec();
        String block = spec.block() == BlockType.BASIC ? "basic" : "bottleneck";
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("$L: a ResNet of $L blocks, $L per stage, $L classes", spec.name(), block,
                        Arrays.toString(spec.layers()), spec.numClasses());
        if (spec.block() == BlockType.BOTTLENECK && (spec.groups() != 1 || spec.widthPerGroup() != 64)) {
            doc.add(", $L $L of width $L", spec.groups(), spec.groups() == 1 ? "group" : "groups",
                    spec.widthPerGroup());
        }
        return doc.add(".\n\n<p>Generated from {@code $L}; the state_dict keys and order match torchvision's.\n",
                annotated.element().getQualifiedName()).build();
    }

    /** A private final field plus its accessor; an {@code @Override} where ResNetModel declares the accessor. */
    private static void addModule(TypeSpec.Builder type, TypeName moduleType, String name, boolean declaredByBase) {
        type.addField(moduleType, name, Modifier.PRIVATE, Modifier.FINAL);
        MethodSpec.Builder accessor = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .returns(moduleType)
                .addStatement("return $N", name);
        if (declaredByBase) {
            accessor.addAnnotation(Override.class);
        }
        type.addMethod(accessor.build());
    }

    private static MethodSpec constructor(ResNetSpec spec, ClassName blockClass, List<List<BlockPlan>> stages) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PRIVATE)
                .addParameter(Types.STATE_DICT, STATE)
                .addStatement("super(SPEC, $N)", STATE)
                .addStatement("conv1 = new $T($N, $S, $L, $L, 7, 2, 3, 1, 1)", Types.CONV2D, STATE, "conv1",
                        spec.inChannels(), spec.baseWidth())
                .addStatement("bn1 = new $T($N, $S, $L)", Types.BATCH_NORM, STATE, "bn1", spec.baseWidth())
                .addStatement("relu = new $T($S)", Types.RELU, "relu")
                .addStatement("maxpool = new $T($S, 3, 2, 1)", Types.MAX_POOL, "maxpool");
        for (int s = 0; s < stages.size(); s++) {
            List<CodeBlock> blocks = new ArrayList<>();
            for (BlockPlan b : stages.get(s)) {
                blocks.add(newBlock(spec, blockClass, b));
            }
            ctor.addStatement("$N = new $T<>($S, $T.of(\n$L))", BlockPlan.stageName(s), Types.STAGE,
                    BlockPlan.stageName(s), Types.LIST, CodeBlock.join(blocks, ",\n"));
        }
        return ctor.addStatement("avgpool = new $T($S)", Types.AVG_POOL, "avgpool")
                .addStatement("fc = new $T($N, $S, $L, $L)", Types.LINEAR, STATE, "fc", spec.featureChannels(),
                        spec.numClasses())
                .build();
    }

    private static CodeBlock newBlock(ResNetSpec spec, ClassName blockClass, BlockPlan b) {
        if (spec.block() == BlockType.BASIC) {
            return CodeBlock.of("new $T($N, $S, $L, $L, $L, $L, $L)", blockClass, STATE, b.name(), b.inplanes(),
                    b.planes(), b.stride(), b.projection(), spec.zeroInitResidual());
        }
        return CodeBlock.of("new $T($N, $S, $L, $L, $L, $L, $L, $L, $T.$L, $L, $L)", blockClass, STATE, b.name(),
                b.inplanes(), b.planes(), b.width(), b.stride(), b.groups(), b.dilation(), Types.STRIDE_PLACEMENT,
                spec.stride().name(), b.projection(), spec.zeroInitResidual());
    }

    private static MethodSpec stagesAccessor(int count) {
        TypeName anyStage = ParameterizedTypeName.get(Types.STAGE, WildcardTypeName.subtypeOf(Types.BLOCK));
        List<CodeBlock> names = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            names.add(CodeBlock.of("$N", BlockPlan.stageName(s)));
        }
        return MethodSpec.methodBuilder("stages")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Types.LIST, anyStage))
                .addStatement("return $T.of($L)", Types.LIST, CodeBlock.join(names, ", "))
                .build();
    }
}
