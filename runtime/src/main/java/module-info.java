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
    exports dev.sluice.runtime.probe;}
