package switchboard;

import java.util.concurrent.CountDownLatch;
import switchboard.config.CommandLine;
import switchboard.config.ConfigException;
import switchboard.config.DemoDataCommand;
import switchboard.config.Settings;

/** Entry point: parse settings, start the gateway, drain on SIGTERM/SIGINT and exit 0. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    System.setProperty("vertx.disableDnsResolver", "false");
    if (args.length > 0
        && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
      System.out.print(CommandLine.USAGE);
      return;
    }
    if (args.length > 0 && args[0].equals("demo-data")) {
      System.exit(demoData(java.util.Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    Settings settings;
    Gateway gateway;
    try {
      settings = CommandLine.parse(args, System.getenv());
      gateway = Gateway.start(settings, System.getenv(), System.out);
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.err.print(CommandLine.USAGE);
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("switchboard: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    sun.misc.SignalHandler handler = signal -> stop.countDown();
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.println("Switchboard: draining requests in flight, then stopping");
    int status = 0;
    try {
      gateway.stop();
      System.out.println("Switchboard: stopped");
    } catch (RuntimeException | Error e) {
      System.err.println("switchboard: error while stopping: " + e);
      status = 1;
    } finally {
      System.exit(status);
    }
  }

  /** {@code switchboard demo-data …}: writes synthetic request records; returns the exit code. */
  private static int demoData(String[] args) {
    DemoDataCommand command;
    try {
      command = DemoDataCommand.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("switchboard demo-data: " + e.getMessage());
      System.err.print(DemoDataCommand.USAGE);
      return 2;
    }
    try {
      System.out.printf(
          "Writing %,d synthetic request records over %d days into %s%n",
          command.requests(), command.days(), command.dataDir());
      switchboard.analytics.DemoLoad.Result r =
          Gateway.demoData(command.dataDir(), command.requests(), command.days(), System.out);
      System.out.printf(
          "Wrote %,d records in %.1f s (%,.0f records/s)%n",
          r.records(), r.millis() / 1000.0, r.perSecond());
      return 0;
    } catch (Exception e) {
      System.err.println("switchboard demo-data: " + e.getMessage());
      return 1;
    }
  }
}
