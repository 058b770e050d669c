package dev.msa.operator.flow;

import dev.msa.operator.flow.EventFlow.Delivery;
import dev.msa.operator.flow.EventFlow.Service;
import dev.msa.operator.flow.EventFlow.Source;

/**
 * The event flow as Graphviz DOT, for {@code dot -Tpng} where Graphviz is installed: services as
 * boxes, topics as ellipses, buses as hexagons, queues as cylinders; a delivery that is not Ready
 * is dashed and red.
 */
public final class FlowDot {
  private FlowDot() {}

  public static String render(EventFlow flow) {
    StringBuilder dot = new StringBuilder("digraph events {\n  rankdir=LR;\n");
    dot.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
    for (Service service : flow.services()) {
      dot.append(node("svc:" + service.id(), service.label(), "box", "#dbe9f6"));
      if (service.queue() != null) {
        dot.append(
            node("queue:" + service.id(), "queue " + service.queue(), "cylinder", "#f6e0ec"));
        dot.append(edge("queue:" + service.id(), "svc:" + service.id(), "consumes", false));
      }
    }
    for (Source source : flow.sources()) {
      String shape = source.kind() == EventFlow.Kind.EVENT_BUS ? "hexagon" : "ellipse";
      String fill = source.kind() == EventFlow.Kind.EVENT_BUS ? "#e6dcf5" : "#fbe5cc";
      dot.append(node(source.id(), source.label(), shape, fill));
      if (source.publisher() != null) {
        dot.append(edge("svc:" + source.publisher(), source.id(), "publishes", false));
      }
    }
    for (Delivery delivery : flow.deliveries()) {
      String label =
          delivery.subscription() + (delivery.filter().isEmpty() ? "" : "\n" + delivery.filter());
      String into = flow.service(delivery.subscriber()).queue() == null ? "svc:" : "queue:";
      dot.append(edge(delivery.source(), into + delivery.subscriber(), label, !delivery.ready()));
    }
    return dot.append("}\n").toString();
  }

  private static String node(String id, String label, String shape, String fill) {
    return String.format(
        "  %s [label=%s, shape=%s, style=filled, fillcolor=\"%s\"];%n",
        quote(id), quote(label), shape, fill);
  }

  private static String edge(String from, String to, String label, boolean broken) {
    return String.format(
        "  %s -> %s [label=%s%s];%n",
        quote(from), quote(to), quote(label), broken ? ", style=dashed, color=red" : "");
  }

  /** A DOT string: quotes and backslashes escaped, a line break as DOT's {@code \n}. */
  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
