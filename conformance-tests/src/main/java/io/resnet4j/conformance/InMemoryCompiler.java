package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Processor;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one source file with javac in this process, running the given annotation processor, and loads the
 * result from memory: nothing touches the disk, so parallel tries and CI runs cannot collide.
 */
public final class InMemoryCompiler {

    private InMemoryCompiler() {}

    /** Compiles {@code source} (the public type {@code typeName}) and returns a loader for every class it made. */
    public static ClassLoader compile(String typeName, String source, Processor processor, Class<?>... onClassPath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ResNet4jException("no Java compiler in this runtime: run the conformance suite on a JDK");
        }
        StringWriter diagnostics = new StringWriter();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        try (MemoryFileManager files = new MemoryFileManager(standard)) {
            List<String> options = List.of("-classpath", classPath(onClassPath), "-proc:full",
                    "-Xlint:none", "--release", Integer.toString(Runtime.version().feature()));
            JavaCompiler.CompilationTask task = javac.getTask(diagnostics, files, null, options, null,
                    List.of(new MemoryFile(typeName.replace('.', '/') + ".java", JavaFileObject.Kind.SOURCE, source)));
            task.setProcessors(List.of(processor));
            if (!task.call()) {
                throw new ResNet4jException("javac rejected the generated spec:\n" + source + "\n" + diagnostics);
            }
            return new MemoryClassLoader(files.classes(), processor.getClass().getClassLoader());
        } catch (IOException e) {
            throw new ResNet4jException("in-memory compilation failed: " + e, e);
        }
    }

    /** This JVM's class path plus the jars or folders holding {@code classes} (surefire may hide them). */
    private static String classPath(Class<?>... classes) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            try {
                entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                // A class without a code source is on the boot or platform path, which javac sees anyway.
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A source, class or resource held in memory. */
    private static final class MemoryFile extends SimpleJavaFileObject {
        private final String text;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        MemoryFile(String path, Kind kind, String text) {
            super(URI.create("mem:///" + path), kind);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text != null ? text : bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public OutputStream openOutputStream() {
            bytes.reset();
            return bytes;
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(text != null ? text.getBytes(StandardCharsets.UTF_8) : bytes.toByteArray());
        }
    }

    /** Sends every output (classes, generated sources, resources) to memory. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<JavaFileManager> {
        private final Map<String, MemoryFile> classes = new LinkedHashMap<>();
        private final List<MemoryFile> others = new ArrayList<>();

        MemoryFileManager(JavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            MemoryFile f = new MemoryFile(className.replace('.', '/') + kind.extension, kind, null);
            if (kind == JavaFileObject.Kind.CLASS) {
                classes.put(className, f);
            } else {
                others.add(f);
            }
            return f;
        }

        @Override
        public FileObject getFileForOutput(Location location, String packageName, String relativeName,
                FileObject sibling) {
            MemoryFile f = new MemoryFile(packageName.replace('.', '/') + "/" + relativeName,
                    JavaFileObject.Kind.OTHER, null);
            others.add(f);
            return f;
        }

        @Override
        public boolean isSameFile(FileObject a, FileObject b) {
            return a instanceof MemoryFile || b instanceof MemoryFile ? a.toUri().equals(b.toUri()) : super.isSameFile(a, b);
        }

        Map<String, byte[]> classes() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            classes.forEach((name, f) -> out.put(name, f.bytes.toByteArray()));
            return out;
        }
    }

    /** Defines the compiled classes on demand; everything else comes from the parent. */
    private static final class MemoryClassLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name + " (compiled here: " + classes.keySet() + ")");
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
