package dev.msa.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A finished command line: its exit code, its standard output, and both streams together. */
public record Run(int exit, String stdout, String output) {
  public static Run of(String stdin, String command, String... args) {
    List<String> line = new ArrayList<>(List.of(command));
    line.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("msa-cmd", ".out");
      Path err = Files.createTempFile("msa-cmd", ".err");
      Process process =
          new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", line));
      }
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      Files.delete(out);
      Files.delete(err);
      return new Run(process.exitValue(), stdout, stdout + stderr);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
