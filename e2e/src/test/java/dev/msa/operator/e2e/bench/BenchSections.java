package dev.msa.operator.e2e.bench;

/**
 * A bench's own section of docs/benchmarks.md, between {@code <!-- key -->} and {@code <!-- /key
 * -->}: a new run replaces its section and nothing else; a section not there yet goes to the end.
 */
final class BenchSections {
  private BenchSections() {}

  static String replace(String doc, String key, String body) {
    String begin = "<!-- " + key + " -->";
    String end = "<!-- /" + key + " -->";
    String section = begin + "\n" + body + end;
    int b = doc.indexOf(begin);
    int e = doc.indexOf(end);
    return b >= 0 && e > b
        ? doc.substring(0, b) + section + doc.substring(e + end.length())
        : doc.stripTrailing() + "\n\n" + section + "\n";
  }
}
