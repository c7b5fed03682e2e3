package io.resnet4j.codegen;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/** Loads the classes a compile-testing compilation produced, over the test's own class path. */
final class CompiledClassLoader extends ClassLoader {
    private final Compilation compilation;

    CompiledClassLoader(Compilation compilation) {
        super(CompiledClassLoader.class.getClassLoader());
        this.compilation = compilation;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JavaFileObject file = compilation
                .generatedFile(StandardLocation.CLASS_OUTPUT, name.replace('.', '/') + ".class")
                .orElseThrow(() -> new ClassNotFoundException(name));
        try (InputStream in = file.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
