package switchboard.route;

import java.nio.charset.StandardCharsets;

/** A stable hash of (key, member) to a number in (0, 1), for weighted rendezvous hashing. */
final class Rendezvous {

  private Rendezvous() {}

  /**
   * FNV-1a over key and member, finished with SplitMix64's mixer: cheap, stable across runs and
   * JVMs (unlike {@code String.hashCode} mixing), and uniform enough that weights hold.
   */
  static double unit(String key, String member) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ 0xff) * 0x100000001b3L; // separator, so ("ab","c") and ("a","bc") differ
    for (byte b : member.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }
}
