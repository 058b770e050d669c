package dev.msa.operator.model;

/**
 * A {@code calls} entry whose callee was found: enough to build its URL. Callees that do not exist
 * or have no port are not resolved and get no variable.
 */
public record ResolvedCall(String name, String namespace, int port) {

  public String url() {
    return "http://" + name + "." + namespace + ".svc.cluster.local:" + port;
  }
}
