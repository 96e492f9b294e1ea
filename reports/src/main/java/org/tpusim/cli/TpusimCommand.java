package org.tpusim.cli;

import java.io.PrintWriter;
import org.tpusim.run.TpusimVersion;
import org.tpusim.input.InputException;
import org.tpusim.input.YamlReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tpusim} command. */
@Command(name = "tpusim", mixinStandardHelpOptions = true, versionProvider = TpusimCommand.Version.class,
        description = "Discrete-event simulator of TPU v4 slices serving large Transformer models.",
        subcommands = {RunCommand.class, ValidateCommand.class, BenchCommand.class, SweepCommand.class, SearchCommand.class, CompareCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure while running", "2:invalid input (file, line, key and expectation "
                + "on stderr)"})
public final class TpusimCommand implements Runnable {
    /** Exit code for invalid input. */
    public static final int INVALID_INPUT = 2;
    /** Exit code for any other failure. */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. Used by main and by tests. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TpusimCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args1) -> {
            // a bad flag: the problem on one line and where to find the usage, not the whole usage
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("tpusim: " + YamlReader.oneLine(ex.getMessage()));
            cmd.getErr().println("tpusim: see '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
            return INVALID_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof InputException) {
                // one line, whatever the problem text holds (the contract of exit code 2)
                cmd.getErr().println("tpusim: " + YamlReader.oneLine(ex.getMessage()));
                return INVALID_INPUT;
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                cmd.getErr().println("tpusim: " + YamlReader.oneLine(pe.getMessage()));
                cmd.getErr().println("tpusim: see '" + pe.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help' for usage");
                return INVALID_INPUT;
            }
            cmd.getErr().println("tpusim: error: " + describe(ex));
            if (Boolean.getBoolean("tpusim.stacktrace")) {
                ex.printStackTrace(cmd.getErr());
            }
            return FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static String describe(Throwable ex) {
        StringBuilder b = new StringBuilder(String.valueOf(ex.getMessage()));
        Throwable c = ex.getCause();
        while (c != null && c != ex) {
            b.append("\n  caused by ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            ex = c;
            c = c.getCause();
        }
        return b.toString();
    }

    /** Prints the version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tpusim " + TpusimVersion.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
