package io.resnet4j.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/** Writes {@code <Name>Architecture}, the ServiceLoader entry point that hands out the generated model. */
final class ArchitectureClassGenerator {
    private ArchitectureClassGenerator() {}

    static JavaFile generate(AnnotatedSpec annotated) {
        ClassName model = ClassName.get(annotated.packageName(), annotated.modelName());
        TypeSpec type = TypeSpec.classBuilder(annotated.architectureName())
                .addAnnotation(Types.generated())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(Types.ARCHITECTURE)
                .addOriginatingElement(annotated.element())
                .addJavadoc("Registers {@link $T} with {@code Architectures}, via META-INF/services.\n", model)
                // ServiceLoader needs a public no-arg constructor.
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build())
                .addMethod(MethodSpec.methodBuilder("spec")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(Types.RESNET_SPEC)
                        .addStatement("return $T.SPEC", model)
                        .build())
                .addMethod(MethodSpec.methodBuilder("create")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(model)
                        .addParameter(TypeName.LONG, "seed")
                        .addStatement("return $T.create(seed)", model)
                        .build())
                .build();
        return JavaFile.builder(annotated.packageName(), type).indent(Types.INDENT).skipJavaLangImports(true).build();
    }
}
