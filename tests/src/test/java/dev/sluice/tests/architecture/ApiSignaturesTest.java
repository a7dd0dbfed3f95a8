package dev.sluice.tests.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What javac's {@code -Xlint:exports} checks, kept as a test: no public or protected member of an
 * exported package names a type that its module does not export to everyone. Such a member can be
 * called from outside but its types cannot be named there, so the API would not be usable as written.
 */
class ApiSignaturesTest {
    @Test
    void exportedSignaturesNameOnlyExportedTypes() throws ClassNotFoundException {
        Set<String> exported = LibraryModules.exportedToEveryone();
        Set<String> libraryPackages = LibraryModules.packages();
        Set<String> leaks = new TreeSet<>();
        for (JavaClass c : MainClasses.get()) {
            if (!exported.contains(c.getPackageName()) || !c.getModifiers().contains(JavaModifier.PUBLIC)) continue;
            Class<?> type = Class.forName(c.getName(), false, ApiSignaturesTest.class.getClassLoader());
            if (!reachable(type)) continue;
            for (String where : signatureTypes(type)) {
                String named = where.substring(where.indexOf(" -> ") + 4);
                Class<?> n = Class.forName(named, false, ApiSignaturesTest.class.getClassLoader());
                boolean library = libraryPackages.contains(n.getPackageName());
                if (library && (!exported.contains(n.getPackageName()) || !reachable(n))) leaks.add(where);
            }
        }
        assertEquals(Set.of(), leaks);
    }

    /** Public, and nested only in public types. */
    private static boolean reachable(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers())) return false;
        }
        return true;
    }

    private static List<String> signatureTypes(Class<?> type) {
        List<String> out = new ArrayList<>();
        String owner = type.getName();
        if (type.getGenericSuperclass() != null) named(type.getGenericSuperclass(), owner + " extends", out);
        for (Type i : type.getGenericInterfaces()) named(i, owner + " implements", out);
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) named(rc.getGenericType(), owner + "." + rc.getName(), out);
        }
        for (Field f : type.getDeclaredFields()) {
            if (exposed(f.getModifiers(), type)) named(f.getGenericType(), owner + "." + f.getName(), out);
        }
        List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
        if (!type.isEnum()) members.addAll(List.of(type.getDeclaredConstructors()));
        for (Executable m : members) {
            if (!exposed(m.getModifiers(), type) || m.isSynthetic()) continue;
            String at = owner + "." + (m instanceof Method ? m.getName() : "<init>");
            if (m instanceof Method method) named(method.getGenericReturnType(), at, out);
            for (Type p : m.getGenericParameterTypes()) named(p, at, out);
            for (Type x : m.getGenericExceptionTypes()) named(x, at, out);
        }
        return out;
    }

    private static boolean exposed(int modifiers, Class<?> owner) {
        return Modifier.isPublic(modifiers) || (Modifier.isProtected(modifiers) && !Modifier.isFinal(owner.getModifiers()));
    }

    private static void named(Type t, String at, List<String> out) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) c = c.getComponentType();
            if (!c.isPrimitive()) out.add(at + " -> " + c.getName());
        } else if (t instanceof ParameterizedType p) {
            named(p.getRawType(), at, out);
            for (Type a : p.getActualTypeArguments()) named(a, at, out);
        } else if (t instanceof GenericArrayType g) {
            named(g.getGenericComponentType(), at, out);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) named(b, at, out);
            for (Type b : w.getLowerBounds()) named(b, at, out);
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) if (b != Object.class) named(b, at, out);
        }
    }
}
