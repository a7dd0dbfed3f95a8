package dev.sluice.tests.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Units (packages, or top-level classes with their nested classes) that depend on each other in a
 * circle: one violation per strongly connected group of units, naming its members. A group, not
 * each simple cycle through it, so that the frozen store stays stable while the arrows inside a
 * group change, and fails when a new group forms or an existing one takes in another unit.
 * (ArchUnit's own slice cycle check enumerates simple cycles, and with one slice per top-level
 * class it reported only 2 of the 11 groups that its own dependencies form.) The arrows are
 * ArchUnit's dependencies plus the classes named in the constant pool ({@link ConstantPoolClasses}).
 */
final class ImportCircles extends ArchCondition<JavaClass> {
    private final String units;
    private final Function<JavaClass, String> unitOf;
    private final Function<String, String> unitOfName;
    private final Map<String, Set<String>> arrows = new TreeMap<>();

    /** {@code unitOfName} maps a binary class name ({@code a.b.C$D}) to its unit. */
    private ImportCircles(String units, Function<String, String> unitOfName) {
        super("not depend on each other in a circle (" + units + ")");
        this.units = units;
        this.unitOfName = unitOfName;
        this.unitOf = javaClass -> unitOfName.apply(javaClass.getName());
    }

    static ImportCircles betweenPackages() {
        return new ImportCircles("packages", ImportCircles::packageName);
    }

    /** A top-level class and its nested, local and anonymous classes are one unit: one source file. */
    static ImportCircles betweenTopLevelClasses() {
        return new ImportCircles("top-level classes", ImportCircles::topLevelName);
    }

    private static String packageName(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    private static String topLevelName(String binaryName) {
        int nested = binaryName.indexOf('$');
        return nested < 0 ? binaryName : binaryName.substring(0, nested);
    }

    @Override
    public void init(Collection<JavaClass> allObjectsToTest) {
        arrows.clear();
        for (JavaClass javaClass : allObjectsToTest) arrows.put(unitOf.apply(javaClass), new TreeSet<>());
    }

    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        String from = unitOf.apply(javaClass);
        Set<String> targets = new TreeSet<>();
        for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
            targets.add(unitOf.apply(dependency.getTargetClass().getBaseComponentType()));
        }
        for (String name : ConstantPoolClasses.of(javaClass)) targets.add(unitOfName.apply(name));
        for (String to : targets) {
            if (!to.equals(from) && arrows.containsKey(to)) arrows.get(from).add(to);
        }
    }

    @Override
    public void finish(ConditionEvents events) {
        for (List<String> circle : stronglyConnected()) {
            String message = circle.size() + " " + units + " depend on each other in a circle: " + String.join(", ", circle);
            events.add(SimpleConditionEvent.violated(circle, message));
        }
    }

    /** Tarjan's algorithm over the arrows; groups of two or more units, each sorted, in name order. */
    private List<List<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> groups = new ArrayList<>();
        for (String unit : arrows.keySet()) {
            if (!index.containsKey(unit)) visit(unit, index, low, stack, onStack, groups);
        }
        groups.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        return groups;
    }

    private void visit(String unit, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
            Set<String> onStack, List<List<String>> groups) {
        index.put(unit, index.size());
        low.put(unit, index.get(unit));
        stack.push(unit);
        onStack.add(unit);
        for (String next : arrows.get(unit)) {
            if (!index.containsKey(next)) {
                visit(next, index, low, stack, onStack, groups);
                low.put(unit, Math.min(low.get(unit), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(unit, Math.min(low.get(unit), index.get(next)));
            }
        }
        if (low.get(unit).equals(index.get(unit))) {
            List<String> group = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(unit));
            if (group.size() > 1) {
                group.sort(null);
                groups.add(group);
            }
        }
    }
}
