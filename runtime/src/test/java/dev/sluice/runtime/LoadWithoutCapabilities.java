package dev.sluice.runtime;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Register;

/** Run by {@link PrivilegeTest} in a child without capabilities: prints what loading says. */
public final class LoadWithoutCapabilities {
    private LoadWithoutCapabilities() {}

    public static void main(String[] args) {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("nocaps", ProgramType.valueOf(args[0]),
                new CodeBuilder().mov64(Register.R0, 0).exit().build()))) {
            System.out.println("LOADED");
        } catch (PermissionException e) {
            System.out.println("PERMISSION: " + e.getMessage());
        } catch (RuntimeException e) {
            System.out.println("OTHER: " + e);
        }
    }
}
