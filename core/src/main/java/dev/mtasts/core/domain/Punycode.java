package dev.mtasts.core.domain;

import java.util.Optional;

/**
 * Punycode (RFC 3492), the encoding of an A-label after its {@code xn--} prefix. The JDK encodes
 * and decodes only through IDNA2003 (java.net.IDN), which cannot decode an IDNA2008 A-label such as
 * {@code xn--strae-oqa} ({@code straße}); this is the bare algorithm, without any mapping.
 */
final class Punycode {
  // RFC 3492 §5: parameter values for Punycode
  private static final int BASE = 36;
  private static final int TMIN = 1;
  private static final int TMAX = 26;
  private static final int SKEW = 38;
  private static final int DAMP = 700;
  private static final int INITIAL_BIAS = 72;
  private static final int INITIAL_N = 0x80;
  private static final char DELIMITER = '-';

  private Punycode() {}

  /** RFC 3492 §6.2: the code points {@code encoded} stands for, or empty if it is malformed. */
  static Optional<String> decode(String encoded) {
    int basic = Math.max(encoded.lastIndexOf(DELIMITER), 0);
    StringBuilder output = new StringBuilder();
    for (int j = 0; j < basic; j++) {
      char c = encoded.charAt(j);
      if (c >= INITIAL_N) {
        return Optional.empty();
      }
      output.append(c);
    }
    int[] points = output.codePoints().toArray();
    int length = points.length;
    points = java.util.Arrays.copyOf(points, encoded.length());
    int n = INITIAL_N;
    int i = 0;
    int bias = INITIAL_BIAS;
    for (int in = basic > 0 ? basic + 1 : 0; in < encoded.length(); ) {
      int oldI = i;
      int w = 1;
      for (int k = BASE; ; k += BASE) {
        if (in >= encoded.length()) {
          return Optional.empty();
        }
        int digit = digit(encoded.charAt(in++));
        if (digit < 0 || digit > (Integer.MAX_VALUE - i) / w) {
          return Optional.empty();
        }
        i += digit * w;
        int t = threshold(k, bias);
        if (digit < t) {
          break;
        }
        if (w > Integer.MAX_VALUE / (BASE - t)) {
          return Optional.empty();
        }
        w *= BASE - t;
      }
      bias = adapt(i - oldI, length + 1, oldI == 0);
      if (i / (length + 1) > Integer.MAX_VALUE - n) {
        return Optional.empty();
      }
      n += i / (length + 1);
      i %= length + 1;
      if (n < INITIAL_N || n > Character.MAX_CODE_POINT) {
        return Optional.empty();
      }
      System.arraycopy(points, i, points, i + 1, length - i);
      points[i++] = n;
      length++;
    }
    return Optional.of(new String(points, 0, length));
  }

  /** RFC 3492 §6.3: the Punycode of {@code text} (without the {@code xn--} prefix). */
  static String encode(String text) {
    int[] input = text.codePoints().toArray();
    StringBuilder output = new StringBuilder();
    for (int c : input) {
      if (c < INITIAL_N) {
        output.append((char) c);
      }
    }
    int basic = output.length();
    if (basic > 0) {
      output.append(DELIMITER);
    }
    int n = INITIAL_N;
    int delta = 0;
    int bias = INITIAL_BIAS;
    for (int handled = basic; handled < input.length; n++) {
      int m = Integer.MAX_VALUE;
      for (int c : input) {
        if (c >= n && c < m) {
          m = c;
        }
      }
      delta += (m - n) * (handled + 1); // at most 0x10FFFF * 64: no overflow for a DNS label
      n = m;
      for (int c : input) {
        if (c < n) {
          delta++;
        } else if (c == n) {
          int q = delta;
          for (int k = BASE; ; k += BASE) {
            int t = threshold(k, bias);
            if (q < t) {
              break;
            }
            output.append(digitChar(t + (q - t) % (BASE - t)));
            q = (q - t) / (BASE - t);
          }
          output.append(digitChar(q));
          bias = adapt(delta, handled + 1, handled == basic);
          delta = 0;
          handled++;
        }
      }
      delta++;
    }
    return output.toString();
  }

  /** RFC 3492 §6.1: bias adaptation. */
  private static int adapt(int delta, int points, boolean first) {
    delta = first ? delta / DAMP : delta / 2;
    delta += delta / points;
    int k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
      delta /= BASE - TMIN;
      k += BASE;
    }
    return k + ((BASE - TMIN + 1) * delta) / (delta + SKEW);
  }

  private static int threshold(int k, int bias) {
    return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
  }

  private static int digit(char c) {
    if (c >= 'a' && c <= 'z') {
      return c - 'a';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    return c >= '0' && c <= '9' ? c - '0' + 26 : -1;
  }

  private static char digitChar(int d) {
    return (char) (d < 26 ? 'a' + d : '0' + d - 26);
  }
}
