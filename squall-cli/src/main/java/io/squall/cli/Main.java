package io.squall.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code squall} command: {@code chat}, and the tools that arrive with later issues. */
@Command(
    name = "squall",
    mixinStandardHelpOptions = true,
    version = "Squall 0.1.0",
    description = "Tornado's WebSocket programming model on the JVM.",
    subcommands = {ChatCommand.class, EchoCommand.class, ConnectCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; a bad flag prints one line naming it and exits with 2. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, argv) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("squall " + c.getCommandName() + ": " + ex.getMessage()
          + " (see: squall " + c.getCommandName() + " --help)");
      return 2;
    });
    return cl;
  }
}
