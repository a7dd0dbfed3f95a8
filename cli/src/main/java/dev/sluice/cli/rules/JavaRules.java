package dev.sluice.cli.rules;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Rules written in Java (docs/CLI.md, "Rules written in Java"): the file is compiled in memory against
 * Sluice's own class path, and every public static field, and public static method without
 * parameters, of type {@link Program} in its top-level class is a program, named by the hook or
 * else by the field or method.
 */
final class JavaRules {
    private JavaRules() {}

    static LoadedRules load(Path file, String text) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return LoadedRules.failed(text, Diagnostic.error(new SourceLocation(file.toString(), 0, 0),
                    "Java rules need a JDK (javax.tools found no compiler in " + System.getProperty("java.home") + ")"));
        }
        String fileName = file.getFileName().toString();
        String className = fileName.substring(0, fileName.length() - ".java".length());
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
        var manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("class:///" + name.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(name, out);
                        return out;
                    }
                };
            }
        };
        List<String> options = List.of("-classpath", classPath(), "-proc:none", "-nowarn");
        boolean ok = compiler.getTask(null, manager, diagnostics, options, null, List.of(source)).call();
        List<Diagnostic> problems = new ArrayList<>();
        for (javax.tools.Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != javax.tools.Diagnostic.Kind.ERROR) continue;
            int length = d.getEndPosition() > d.getStartPosition() ? (int) (d.getEndPosition() - d.getStartPosition()) : 1;
            problems.add(Diagnostic.error(new SourceLocation(file.toString(), (int) d.getLineNumber(), (int) d.getColumnNumber()), length,
                    d.getMessage(Locale.ROOT).lines().findFirst().orElse("error")));
        }
        if (!ok || !problems.isEmpty()) return LoadedRules.failed(text, problems);
        ClassLoader loader = new ClassLoader(JavaRules.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        String topLevel = classes.keySet().stream().filter(n -> n.equals(className) || n.endsWith("." + className))
                .findFirst().orElse(null);
        if (topLevel == null) {
            return LoadedRules.failed(text, Diagnostic.error(new SourceLocation(file.toString(), 1, 1),
                    "the file declares no top-level class " + className));
        }
        List<Program> programs = new ArrayList<>();
        try {
            Class<?> type = loader.loadClass(topLevel);
            for (Field f : type.getDeclaredFields()) {
                if (isPublicStatic(f.getModifiers()) && f.getType() == Program.class) {
                    programs.add(named((Program) f.get(null), f.getName()));
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (isPublicStatic(m.getModifiers()) && m.getReturnType() == Program.class && m.getParameterCount() == 0) {
                    programs.add(named((Program) m.invoke(null), m.getName()));
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException || e instanceof ExceptionInInitializerError
                    ? Optional.ofNullable(e.getCause()).orElse(e) : e;
            return LoadedRules.failed(text, Diagnostic.error(new SourceLocation(file.toString(), line(cause, fileName), 0),
                    "building the rules failed: " + (cause instanceof IllegalArgumentException ? cause.getMessage() : cause.toString())));
        }
        if (programs.isEmpty()) {
            return LoadedRules.failed(text, Diagnostic.error(new SourceLocation(file.toString(), 1, 1),
                    className + " has no public static field or method of type Program"));
        }
        return LoadedRules.of(text, programs);
    }

    /**
     * Where the DSL's classes come from (the sluice jar, or a module's classes in a build) and the
     * JVM's class path: under a test runner the class path can be a single manifest jar.
     */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(dev.sluice.dsl.Sluice.class, Program.class)) {
            try {
                String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!entries.contains(entry)) entries.add(entry);
            } catch (java.net.URISyntaxException | NullPointerException | SecurityException e) {
                // No code source to name: the JVM's class path below has to do.
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static boolean isPublicStatic(int modifiers) {
        return Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers);
    }

    private static Program named(Program p, String name) {
        if (p.name().isPresent()) return p;
        return Program.of(p.hook(), Optional.of(name), p.statements(), p.sets(), p.location());
    }

    private static int line(Throwable t, String fileName) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (fileName.equals(e.getFileName())) return e.getLineNumber();
        }
        return 0;
    }
}
