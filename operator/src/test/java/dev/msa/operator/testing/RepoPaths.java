package dev.msa.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where the repository and the local-environment cache are, as the build tells the tests. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    return Path.of(System.getProperty("msa.repo.root", "..")).toAbsolutePath().normalize();
  }

  public static Path crds() {
    return root().resolve("crds");
  }

  public static Path samples() {
    return root().resolve("samples");
  }

  public static Path cache() {
    String dir = System.getProperty("msa.cache.dir");
    return dir != null
        ? Path.of(dir)
        : Path.of(System.getProperty("user.home"), ".cache", "msa-operator");
  }

  /** The pinned versions of the local environment, from e2e/local/versions.env. */
  public static String pinnedVersion(String key) {
    Properties versions = new Properties();
    try (var in = Files.newBufferedReader(root().resolve("e2e/local/versions.env"))) {
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String value = versions.getProperty(key);
    if (value == null) {
      throw new IllegalStateException(key + " is not pinned in e2e/local/versions.env");
    }
    return value;
  }
}
