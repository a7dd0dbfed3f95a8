package dev.sluice.compiler.trace;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TracepointFormatTest {
    static final String OPENAT = String.join("\n",
            "name: sys_enter_openat", "ID: 782", "format:",
            "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
            "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;", "",
            "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;",
            "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;",
            "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;",
            "\tfield:char prev_comm[16];\toffset:40;\tsize:16;\tsigned:0;",
            "\tfield:__data_loc char[] path;\toffset:56;\tsize:4;\tsigned:0;", "",
            "print fmt: \"dfd: 0x%08lx\"", "");

    @Test
    void parsesFieldsKindsAndOffsets() {
        TracepointFormat f = TracepointFormat.parse(OPENAT);
        assertEquals("sys_enter_openat", f.name());
        assertEquals(782, f.id());
        assertEquals(5, f.arguments().size());
        TracepointFormat.Field filename = f.field("filename").orElseThrow();
        assertEquals(24, filename.offset());
        assertEquals(8, filename.size());
        assertEquals(TracepointFormat.Kind.POINTER, filename.kind());
        assertEquals(TracepointFormat.Kind.CHAR_ARRAY, f.field("prev_comm").orElseThrow().kind());
        assertEquals(TracepointFormat.Kind.DATA_LOC_STRING, f.field("path").orElseThrow().kind());
        assertTrue(f.field("__syscall_nr").orElseThrow().signed());
        assertEquals(TracepointFormat.Kind.NUMBER, f.field("dfd").orElseThrow().kind());
    }

    @Test
    void rejectsWhatIsNotAFormatFile() {
        assertThrows(IllegalArgumentException.class, () -> TracepointFormat.parse("hello"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TracepointFormat.parse("name: x\nformat:\n\tfield:int a;\toffset:zz;\n"));
        assertTrue(e.getMessage().startsWith("line 3"), e.getMessage());
    }

    @Test
    void readsThisKernelsTracefs() throws Exception {
        Path format = Path.of("/sys/kernel/tracing/events/syscalls/sys_enter_openat/format");
        if (!Files.exists(format) && Files.isDirectory(Path.of("/sys/kernel/tracing"))) {
            // A fresh machine has tracefs unmounted; root mounts it, as the runtime's Tracefs does before it reads formats.
            new ProcessBuilder("mount", "-t", "tracefs", "tracefs", "/sys/kernel/tracing").inheritIO().start().waitFor();
        }
        Requirements.require(Files.exists(format), "tracefs is not mounted at /sys/kernel/tracing");
        TracepointFormat f = TracepointFormat.parse(Files.readString(format));
        assertEquals(24, f.field("filename").orElseThrow().offset());
        assertEquals(TracepointFormat.Kind.POINTER, f.field("filename").orElseThrow().kind());
        Path exec = Path.of("/sys/kernel/tracing/events/sched/sched_process_exec/format");
        assertEquals(TracepointFormat.Kind.DATA_LOC_STRING,
                TracepointFormat.parse(Files.readString(exec)).field("filename").orElseThrow().kind());
    }

    @Test
    void ptRegsOffsetsMatchTheAbiSheet() {
        assertEquals(112, PtRegs.X86_64.argument(0));
        assertEquals(64, PtRegs.X86_64.argument(5));
        assertEquals(80, PtRegs.X86_64.returnValue());
        assertEquals(40, PtRegs.ARM64.argument(5));
        assertEquals(256, PtRegs.ARM64.instructionPointer());
        assertEquals(0, PtRegs.ARM64.returnValue());
        assertThrows(IllegalArgumentException.class, () -> PtRegs.X86_64.argument(6));
    }
}
