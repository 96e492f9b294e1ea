package org.tpusim.run;

/** Runs the trace benchmark from the test classpath (not a test): mvn exec or java -cp. */
final class TraceBenchmarkMain {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.println(TraceBenchmark.run(n));
    }
}
