// After examples/testing's build (maven-invoker-plugin): its tests ran, and with SLUICE_KERNEL_TESTS=require
// none was skipped, so that CI cannot pass on an example whose kernel test did not run. Read from surefire's
// summary in the build's log: its per-class reports keep one engine's results when two (jqwik and Jupiter)
// run the same class.
def log = new File(exampleLog)
def text = log.text.replaceAll(/\u001B\[[;\d]*m/, '')
def summary = (text =~ /(?m)^\[INFO\] Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)\s*$/).collect { it }
if (summary.isEmpty()) throw new IllegalStateException("examples/testing ran no tests (no surefire summary in ${log})")
def (all, tests, failures, errors, skipped) = summary.last()
println "example-tests-ran: ${tests} tests, ${failures} failures, ${errors} errors, ${skipped} skipped"
if ((tests as int) == 0) throw new IllegalStateException('examples/testing ran no tests')
if ((skipped as int) > 0 && System.getenv('SLUICE_KERNEL_TESTS') == 'require') {
    throw new IllegalStateException("examples/testing skipped ${skipped} test(s) with SLUICE_KERNEL_TESTS=require")
}
return true
