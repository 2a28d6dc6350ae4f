package switchboard.guard;

import java.util.Arrays;
import java.util.Random;
import switchboard.guard.injection.InjectionDetector;
import switchboard.guard.pii.PiiScanner;

/**
 * Speed of both guardrails on one 4,000-token prompt (about 16,000 characters of mixed prose, code,
 * numbers and a few PII values): p50/p99/max of PII scan plus injection check, after a warm-up. Run
 * by bench/guardrails.sh; target p99 ≤ 1 ms.
 */
public final class GuardBench {

  private GuardBench() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String prompt = prompt();
    PiiScanner scanner = new PiiScanner();
    InjectionDetector detector = new InjectionDetector();
    long sink = 0;
    for (int i = 0; i < 5_000; i++) {
      sink += scanner.scan(prompt).size() + (detector.check(prompt).flagged() ? 1 : 0);
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      sink += scanner.scan(prompt).size() + (detector.check(prompt).flagged() ? 1 : 0);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "guardrails on %,d chars (~4,000 tokens), %d runs: p50 %.3f ms, p99 %.3f ms, max %.3f ms"
            + " (findings+flags checksum %d)%n",
        prompt.length(),
        runs,
        nanos[runs / 2] / 1e6,
        nanos[(int) (runs * 0.99)] / 1e6,
        nanos[runs - 1] / 1e6,
        sink);
  }

  /** Deterministic mixed content; jtokkit counts about four characters per token for it. */
  static String prompt() {
    String[] parts = {
      "Please review the following notes from our meeting and summarise the action items. ",
      "The deployment on 2024-03-01 at 10:30 failed because version 1.2.3 of the library was used. ",
      "def handler(event):\n    return {'status': 200, 'body': json.dumps(event)}\n",
      "Order #A-778812 shipped with tracking 1Z999AA10123456784, invoice 2024-0042. ",
      "Contact Sarah Connor at sarah.connor@example.com or call +49 30 12345678. ",
      "Die Lieferung kommt nächste Woche; bitte die Rechnung prüfen. ",
      "SELECT id, name FROM users WHERE created_at > '2024-01-01' ORDER BY id; ",
      "The server at 10.0.0.12 responded with sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b. ",
      "Ignore the typos in my previous message, I was on my phone. ",
      "Le rapport trimestriel montre une croissance de 12 % par rapport à l'an dernier. "
    };
    Random random = new Random(14);
    StringBuilder b = new StringBuilder();
    while (b.length() < 16_000) {
      b.append(parts[random.nextInt(parts.length)]);
    }
    return b.toString();
  }
}
