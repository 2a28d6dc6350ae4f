package switchboard;

import java.util.concurrent.CountDownLatch;
import switchboard.config.CommandLine;
import switchboard.config.ConfigException;
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
}
