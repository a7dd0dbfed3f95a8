/**
 * Loads compiled programs into the kernel through bpf() and runs, attaches and reads them. The
 * facade package and the feature probe are public API; the system-call layer ({@code sys}, bound
 * with jnr-ffi) is internal.
 */
module dev.sluice.runtime {
    requires transitive dev.sluice.compiler;
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;

    exports dev.sluice.runtime;
    exports dev.sluice.runtime.probe;
    // Forced by jnr-ffi, not API: it implements the libc binding interface with a class it
    // generates into a new class loader's unnamed module, and a package can reach an unnamed
    // module only by an unqualified export. The package holds that one interface and nothing else.
    exports dev.sluice.runtime.sys.libc;
}
