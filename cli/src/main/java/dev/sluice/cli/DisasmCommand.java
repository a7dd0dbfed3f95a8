package dev.sluice.cli;

import dev.sluice.compiler.elf.ElfFormatException;
import dev.sluice.compiler.elf.ElfObject;
import dev.sluice.compiler.elf.ElfSection;
import dev.sluice.compiler.elf.ElfSymbol;
import dev.sluice.compiler.elf.RelocationTargets;
import dev.sluice.compiler.isa.DecodeException;
import dev.sluice.compiler.isa.Decoder;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.isa.Encoder;
import dev.sluice.compiler.isa.Instruction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code sluice disasm FILE.o}: every program of an ELF object, ours or clang's, in the kernel's syntax;
 * relocated loads and calls name their targets ({@link RelocationTargets}, docs/INSTRUCTIONS.md).
 */
final class DisasmCommand implements Callable<Integer> {
    Path file;

    /** The command line of this command, bound to its fields. */
    picocli.CommandLine.Model.CommandSpec model() {
        return CommandModel.of("disasm", this, "Disassembles an eBPF ELF object (Sluice's or clang's) in the kernel verifier's syntax.")
                .parameter("FILE.o", Path.class, "the object to read", v -> file = v)
                .spec();
    }

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": cannot read: " + Messages.of(e));
        }
        ElfObject elf;
        try {
            elf = ElfObject.read(bytes);
        } catch (ElfFormatException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": not a valid eBPF object: " + e.getMessage());
        }
        RelocationTargets targets = new RelocationTargets(elf);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        for (ElfSection section : elf.sections()) {
            if (!section.isExecutable() || section.data().length == 0) continue;
            any = true;
            out.append(String.format("%nsection %s:%n", section.name()));
            List<ElfSymbol> functions = elf.functionsIn(section.index());
            ByteBuffer in = ByteBuffer.wrap(section.data()).order(ByteOrder.LITTLE_ENDIAN);
            int function = 0;
            while (in.hasRemaining()) {
                int at = in.position();
                while (function < functions.size() && functions.get(function).value() <= at) {
                    out.append(String.format("%s:%n", functions.get(function).name()));
                    function++;
                }
                Instruction insn;
                try {
                    insn = Decoder.decodeOne(in);
                } catch (DecodeException e) {
                    throw new CliFailure(ExitCodes.BAD_INPUT, file + ": section " + section.name()
                            + ": invalid instruction at byte " + e.byteOffset() + ": " + e.reason());
                } catch (java.nio.BufferUnderflowException e) {
                    throw new CliFailure(ExitCodes.BAD_INPUT, file + ": section " + section.name()
                            + ": truncated instruction at byte " + at);
                }
                Optional<String> named = relocated(targets, section, at, insn);
                String text = named.isPresent() ? named.get() : Disassembler.format(insn);
                out.append(String.format("%5d: (%02x) %s%n", at / 8, Encoder.encode(insn)[0] & 0xff, text));
            }
        }
        if (!any) throw new CliFailure(ExitCodes.BAD_INPUT, file + ": the object has no program sections");
        PrintStream stdout = System.out;
        stdout.print(out.substring(System.lineSeparator().length()));
        stdout.flush();
        return ExitCodes.OK;
    }

    /** A relocated load or call with its target named; the BTF that names externs may be broken. */
    private Optional<String> relocated(RelocationTargets targets, ElfSection section, int at, Instruction insn) {
        try {
            return targets.text(section.index(), at, insn);
        } catch (ElfFormatException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": not a valid eBPF object: " + e.getMessage());
        }
    }
}
