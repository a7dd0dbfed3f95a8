package dev.sluice.cli;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's picocli model, declared in code rather than by annotations: picocli reads annotations
 * by reflection, which makes a dynamic proxy class per annotation type, and that was a third of a
 * cold {@code sluice compile} (docs/PERFORMANCE-STARTUP-STEPS.md, "Start-up"). Help and errors read as before.
 */
final class CommandModel {
    private final CommandSpec spec;

    private CommandModel(CommandSpec spec) {
        this.spec = spec;
    }

    /** A command run by {@code command} (a Callable or Runnable), with -h/--help and -V/--version. */
    static CommandModel of(String name, Object command, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
        spec.versionProvider(new VersionProvider());
        return new CommandModel(spec);
    }

    /** {@code --debug}, which every command takes: Main prints the stack trace of an internal error when it is given. */
    CommandModel debugOption(Consumer<Boolean> set) {
        return option(OptionSpec.builder("--debug").type(boolean.class).description("print stack traces of internal errors"), set);
    }

    /** {@code FILE}, the rules file that compile, check and test read. */
    CommandModel rulesFile(Consumer<java.nio.file.Path> set) {
        return parameter("FILE", java.nio.file.Path.class, "the rules: FILE.ebpf or FILE.java", set);
    }

    /**
     * {@code FILE} or {@code --filter 'EXPR'} with {@code --hook} and {@code --action}
     * (docs/CLI.md, "tcpdump filter expressions"); {@link RulesInput#of} checks that one is given.
     */
    CommandModel rulesFileOrFilter(Consumer<java.nio.file.Path> file, Consumer<String> filter, Consumer<String> hook,
                                   Consumer<String> action) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel("FILE").type(java.nio.file.Path.class).index("0").arity("0..1")
                .required(false).description("the rules: FILE.ebpf or FILE.java (run: or an object FILE.o that sluice compile wrote), or --filter instead").setter(setter(file)).build());
        option(OptionSpec.builder("--filter").paramLabel("EXPR").type(String.class)
                .description("a tcpdump (pcap-filter) expression instead of FILE: one program that takes ACTION on the packets it matches"), filter);
        option(OptionSpec.builder("--hook").paramLabel("HOOK").type(String.class).defaultValue("xdp")
                .description("with --filter: xdp, tc-ingress or tc-egress (default: ${DEFAULT-VALUE})"), hook);
        return option(OptionSpec.builder("--action").paramLabel("ACTION").type(String.class).defaultValue("drop")
                .description("with --filter: drop or pass, for the packets EXPR matches; the rest get the other (default: ${DEFAULT-VALUE})"), action);
    }

    /** The positional parameter {@code label} (one, required), of {@code type}. */
    <T> CommandModel parameter(String label, Class<T> type, String description, Consumer<T> set) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel(label).type(type).index("0").arity("1").required(true)
                .description(description).setter(setter(set)).build());
        return this;
    }

    /**
     * An option; {@code set} receives its converted value (and its default, when it has one). picocli
     * resets every option to its initial value before parsing: false or 0.0 for a primitive type, else null.
     */
    <T> CommandModel option(OptionSpec.Builder option, Consumer<T> set) {
        Class<?> type = option.type();
        if (type == null) throw new IllegalArgumentException(option.names()[0] + " needs a type");
        if (type == boolean.class) option.initialValue(false);
        else if (type == double.class) option.initialValue(0.0);
        else if (type.isPrimitive()) throw new IllegalArgumentException("no initial value for " + type);
        spec.addOption(option.setter(setter(set)).build());
        return this;
    }

    /**
     * A repeatable {@code KEY=VALUE} option: picocli reads the map through {@code get} to add each entry,
     * and gives {@code set} a new map on the first (and null when it resets the option before parsing).
     */
    <K, V> CommandModel repeatable(OptionSpec.Builder option, Supplier<Map<K, V>> get, Consumer<Map<K, V>> set) {
        spec.addOption(option.initialValue(null).getter(getter(get)).setter(setter(set)).build());
        return this;
    }

    /**
     * A repeatable option of strings ({@code --iface A --iface B}), as {@link #repeatableList}.
     */
    CommandModel list(OptionSpec.Builder option, Supplier<java.util.List<String>> get, Consumer<java.util.List<String>> set) {
        return repeatableList(option.type(java.util.List.class).auxiliaryTypes(String.class), get, set);
    }

    /** A repeatable option whose values picocli adds, in order, to the list {@code get} reads ({@code set} gets a new list on the first). */
    <V> CommandModel repeatableList(OptionSpec.Builder option, Supplier<java.util.List<V>> get, Consumer<java.util.List<V>> set) {
        spec.addOption(option.initialValue(null).getter(getter(get)).setter(setter(set)).build());
        return this;
    }

    /**
     * Positional parameter number {@code index} with picocli's {@code arity} ({@code "1"}, or {@code "0..1"}
     * when it may be left out).
     */
    <T> CommandModel positional(String label, String index, String arity, Class<T> type, String description, Consumer<T> set) {
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().paramLabel(label).type(type).index(index).arity(arity)
                .required(!arity.startsWith("0")).description(description).setter(setter(set));
        spec.addPositional(b.build());
        return this;
    }

    /**
     * The positional parameters from {@code index} on ({@code "3..*"}), none or more: picocli reads the
     * list through {@code get} to add each value, and gives {@code set} the grown list.
     */
    CommandModel rest(String label, String index, String description, Supplier<java.util.List<String>> get,
                      Consumer<java.util.List<String>> set) {
        spec.addPositional(PositionalParamSpec.builder().paramLabel(label).type(java.util.List.class).auxiliaryTypes(String.class)
                .index(index).arity("0..*").initialValue(null).description(description).getter(getter(get)).setter(setter(set)).build());
        return this;
    }

    CommandSpec spec() {
        return spec;
    }

    /** picocli reads a collection option's current value through this, to add to it. */
    private static IGetter getter(Supplier<?> get) {
        return new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() {
                return (T) get.get();
            }
        };
    }

    private static <V> ISetter setter(Consumer<V> set) {
        return new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T set(T value) {
                set.accept((V) value);
                return null;
            }
        };
    }
}
