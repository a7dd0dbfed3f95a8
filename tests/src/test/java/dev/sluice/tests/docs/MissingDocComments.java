package dev.sluice.tests.docs;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Finds the public API declarations of some packages that have no doc comment, by parsing their
 * sources with the JDK's compiler (no compilation, so no class path is needed). A declaration is
 * public API when it is public or protected (interface members implicitly public) and every type
 * around it is too: types, constructors, methods, fields and enum constants. Methods marked
 * {@code @Override} inherit their documentation and are not counted, as javadoc does.
 */
final class MissingDocComments {
    private MissingDocComments() {
    }

    /** Each missing comment as {@code File.java:LINE: kind name}, in file and source order. */
    static List<String> in(List<Path> packageDirectories) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Path dir : packageDirectories) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                        .sorted()
                        .forEach(sources::add);
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> missing = new ArrayList<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new Finder(docs, unit, missing).scan(unit, null);
            }
        }
        return missing;
    }

    /** Walks one file, descending only into types that are themselves public API. */
    private static final class Finder extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> missing;

        Finder(DocTrees docs, CompilationUnitTree unit, List<String> missing) {
            this.docs = docs;
            this.unit = unit;
            this.missing = missing;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            if (!isApi(type.getModifiers(), getCurrentPath())) return null;
            require(type, type.getKind().toString().toLowerCase() + " " + type.getSimpleName());
            return super.visitClass(type, unused);
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            boolean overrides = method.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
            if (!overrides && isApi(method.getModifiers(), getCurrentPath())) {
                require(method, "method " + enclosingName() + "." + method.getName());
            }
            return null;
        }

        @Override
        public Void visitVariable(VariableTree field, Void unused) {
            if (isApi(field.getModifiers(), getCurrentPath()) || isEnumConstant(field)) {
                require(field, "field " + enclosingName() + "." + field.getName());
            }
            return null;
        }

        private void require(Tree declaration, String what) {
            TreePath path = new TreePath(getCurrentPath().getParentPath(), declaration);
            if (docs.getDocCommentTree(path) != null) return;
            long line = unit.getLineMap().getLineNumber(docs.getSourcePositions().getStartPosition(unit, declaration));
            missing.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + ": " + what);
        }

        private String enclosingName() {
            for (TreePath p = getCurrentPath().getParentPath(); p != null; p = p.getParentPath()) {
                if (p.getLeaf() instanceof ClassTree c) return c.getSimpleName().toString();
            }
            return "?";
        }

        private boolean isEnumConstant(VariableTree field) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            return parent instanceof ClassTree c && c.getKind() == Tree.Kind.ENUM
                    && field.getModifiers().getFlags().isEmpty()
                    && field.getType() != null && field.getType().toString().equals(c.getSimpleName().toString())
                    && isApi(c.getModifiers(), getCurrentPath().getParentPath());
        }

        /** Public or protected here and in every enclosing type; interface members are implicitly public. */
        private static boolean isApi(ModifiersTree modifiers, TreePath path) {
            Tree parent = path.getParentPath().getLeaf();
            boolean inInterface = parent instanceof ClassTree c
                    && (c.getKind() == Tree.Kind.INTERFACE || c.getKind() == Tree.Kind.ANNOTATION_TYPE);
            Set<Modifier> flags = modifiers.getFlags();
            boolean visible = flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
                    || (inInterface && !flags.contains(Modifier.PRIVATE));
            if (!visible) return false;
            if (parent instanceof ClassTree c) return isApi(c.getModifiers(), path.getParentPath());
            return true;
        }
    }
}
