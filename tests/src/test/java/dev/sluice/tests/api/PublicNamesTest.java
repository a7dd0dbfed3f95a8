package dev.sluice.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.Sluice;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.Kernel;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Users write {@code import dev.sluice.compiler.*;} beside the implicit {@code java.lang.*}: no public type
 * of the packages they import may share a simple name with a {@code java.lang} type, or every use of it
 * is ambiguous (as {@code Compiler} was on JDK 17).
 */
class PublicNamesTest {
    private static final List<Class<?>> PACKAGE_ANCHORS =
            List.of(Sluice.class, Program.class, SluiceCompiler.class, Kernel.class);

    @Test
    void noPublicTypeOfAnImportedPackageClashesWithJavaLang() throws Exception {
        List<String> clashes = new ArrayList<>();
        int seen = 0;
        for (Class<?> anchor : PACKAGE_ANCHORS) {
            for (String name : topLevelTypes(anchor)) {
                seen++;
                Class<?> type = Class.forName(name);
                if (!java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                if (existsInJavaLang(type.getSimpleName())) {
                    clashes.add(name);
                }
            }
        }
        assertTrue(seen > 20, "the scan found only " + seen + " types");
        assertEquals(List.of(), clashes);
    }

    @Test
    void wildcardImportsOfTheWholeApiCompile() {
        String source = """
                import dev.sluice.compiler.*;
                import dev.sluice.dsl.*;
                import dev.sluice.dsl.model.*;
                import dev.sluice.runtime.*;
                import static dev.sluice.dsl.Sluice.*;
                class UserRules {
                    static CompiledProgram ssh = SluiceCompiler.compile(xdp().when(tcp().dport(22)).drop());
                }
                """;
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///UserRules.java"),
                javax.tools.JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean ok = javac.getTask(errors, null, null,
                List.of("-proc:none", "-d", System.getProperty("java.io.tmpdir") + "/sluice-public-names",
                        "-classpath", System.getProperty("java.class.path")),
                null, List.of(file)).call();
        assertTrue(ok, errors.toString());
    }

    private static boolean existsInJavaLang(String simpleName) {
        try {
            Class.forName("java.lang." + simpleName, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Binary names of the top-level classes in {@code anchor}'s package, from its jar or class folder. */
    private static List<String> topLevelTypes(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String folder = anchor.getPackageName().replace('.', '/');
        if (Files.isDirectory(root)) {
            return classesIn(root.resolve(folder), anchor.getPackageName());
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
            return classesIn(jar.getPath(folder), anchor.getPackageName());
        }
    }

    private static List<String> classesIn(Path folder, String packageName) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
                    .map(n -> packageName + "." + n.substring(0, n.length() - ".class".length()))
                    .toList();
        }
    }
}
