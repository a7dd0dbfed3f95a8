package dev.sluice.cli;

import dev.sluice.cli.rules.FilterRules;
import dev.sluice.cli.rules.LoadedRules;
import dev.sluice.cli.rules.RuleSource;
import dev.sluice.dsl.model.Hook;
import java.nio.file.Path;
import java.util.Optional;

/** Where a command's rules come from: a rules FILE, or {@code --filter 'EXPR'} on a hook with an action. */
sealed interface RulesInput {
    /** The name diagnostics and default outputs use. */
    Path path();

    LoadedRules load() throws RuleSource.Unreadable;

    record File(Path path) implements RulesInput {
        public LoadedRules load() throws RuleSource.Unreadable {
            return RuleSource.load(path);
        }
    }

    record Filter(String expression, Hook hook, boolean drop) implements RulesInput {
        public Path path() {
            return Path.of(FilterRules.NAME);
        }

        public LoadedRules load() {
            return FilterRules.load(expression, hook, drop);
        }
    }

    /** FILE or --filter, exactly one; --hook and --action only with --filter. */
    static RulesInput of(Optional<Path> file, Optional<String> filter, String hook, String action) {
        if (file.isPresent() == filter.isPresent()) {
            throw new CliFailure(ExitCodes.USAGE, file.isPresent() ? "give a rules FILE or --filter 'EXPR', not both"
                    : "give a rules FILE or --filter 'EXPR'");
        }
        if (file.isPresent()) return new File(file.get());
        Hook h = switch (hook) {
            case "xdp" -> new Hook.Xdp();
            case "tc-ingress" -> new Hook.Tc(true);
            case "tc-egress" -> new Hook.Tc(false);
            case "socket" -> new Hook.Socket();
            case "cgroup-ingress" -> new Hook.Cgroup(Hook.CgroupKind.INGRESS);
            case "cgroup-egress" -> new Hook.Cgroup(Hook.CgroupKind.EGRESS);
            default -> throw new CliFailure(ExitCodes.USAGE, "--hook takes xdp, tc-ingress, tc-egress, socket, cgroup-ingress or cgroup-egress, not '" + hook + "'");
        };
        if (!action.equals("drop") && !action.equals("pass")) throw new CliFailure(ExitCodes.USAGE, "--action takes drop or pass, not '" + action + "'");
        return new Filter(filter.get(), h, action.equals("drop"));
    }
}
