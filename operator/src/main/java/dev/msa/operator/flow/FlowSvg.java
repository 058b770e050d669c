package dev.msa.operator.flow;

import dev.msa.operator.flow.EventFlow.Delivery;
import dev.msa.operator.flow.EventFlow.Service;
import dev.msa.operator.flow.EventFlow.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event flow drawn as an SVG image, with no Graphviz needed: four columns read left to right —
 * who publishes, the topics and buses, the queues, who consumes — and one arrow per publication,
 * EventSubscription and queue. A service that both publishes and consumes stands in the first and
 * the last column. A delivery that is not Ready is dashed and red.
 */
public final class FlowSvg {
  static final int WIDTH = 250;
  static final int HEIGHT = 40;
  static final int COLUMN = 400;
  static final int ROW = 70;
  static final int MARGIN = 30;
  private static final int LABEL_CHARS = 36;

  private FlowSvg() {}

  /** A box in one column. */
  record Box(String id, String label, String fill, int column, int row) {
    int x() {
      return MARGIN + column * COLUMN;
    }

    int y() {
      return MARGIN + 30 + row * ROW;
    }
  }

  public static String render(EventFlow flow) {
    Map<String, Box> boxes = new LinkedHashMap<>();
    List<String> arrows = new ArrayList<>();
    int[] rows = new int[4];
    for (Service publisher : flow.publishers()) {
      place(boxes, rows, "out:" + publisher.id(), publisher.label(), "#dbe9f6", 0);
    }
    for (Source source : flow.sources()) {
      String fill = source.kind() == EventFlow.Kind.EVENT_BUS ? "#e6dcf5" : "#fbe5cc";
      place(boxes, rows, source.id(), source.label(), fill, 1);
      if (source.publisher() != null) {
        arrows.add(
            arrow(
                boxes.get("out:" + source.publisher()),
                boxes.get(source.id()),
                "publishes",
                false));
      }
    }
    // Queues in the order of the sources that feed them, so that arrows cross as little as they
    // can.
    List<String> order = flow.sources().stream().map(Source::id).toList();
    List<Service> queued =
        flow.services().stream()
            .filter(s -> s.queue() != null)
            .sorted(Comparator.comparingInt(s -> firstSource(flow, s, order)))
            .toList();
    for (Service service : queued) {
      place(boxes, rows, "queue:" + service.id(), "queue " + service.queue(), "#f6e0ec", 2);
      place(boxes, rows, "in:" + service.id(), service.label(), "#dbe9f6", 3);
      arrows.add(
          arrow(boxes.get("queue:" + service.id()), boxes.get("in:" + service.id()), "", false));
    }
    for (Delivery delivery : flow.deliveries()) {
      Box into = boxes.get("queue:" + delivery.subscriber());
      if (into == null) {
        into =
            place(
                boxes,
                rows,
                "in:" + delivery.subscriber(),
                delivery.subscriber() + " (no queue)",
                "#eeeeee",
                3);
      }
      String label =
          delivery.ready()
              ? delivery.subscription()
              : delivery.subscription() + " (" + delivery.state() + ")";
      arrows.add(
          "<g><title>"
              + escape(delivery.filter().isEmpty() ? "no filter" : delivery.filter())
              + "</title>"
              + arrow(boxes.get(delivery.source()), into, label, !delivery.ready())
              + "</g>\n");
    }
    int height = MARGIN * 2 + 30 + Math.max(1, max(rows)) * ROW;
    int width = MARGIN * 2 + 3 * COLUMN + WIDTH;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n",
            width, height, width, height));
    svg.append(
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\"")
        .append(
            " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    String[] headings = {"publishes", "topics and buses", "queues", "consumes"};
    for (int column = 0; column < 4; column++) {
      svg.append(
          String.format(
              "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
              MARGIN + column * COLUMN, MARGIN + 10, headings[column]));
    }
    arrows.forEach(svg::append);
    for (Box box : boxes.values()) {
      svg.append(
          String.format(
              "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\""
                  + " stroke=\"#555555\"/><text x=\"%d\" y=\"%d\">%s</text></g>%n",
              escape(box.label()),
              box.x(),
              box.y(),
              WIDTH,
              HEIGHT,
              box.fill(),
              box.x() + 10,
              box.y() + HEIGHT / 2 + 4,
              escape(shorten(box.label()))));
    }
    return svg.append("</svg>\n").toString();
  }

  private static Box place(
      Map<String, Box> boxes, int[] rows, String id, String label, String fill, int column) {
    return boxes.computeIfAbsent(id, key -> new Box(key, label, fill, column, rows[column]++));
  }

  private static String arrow(Box from, Box to, String label, boolean broken) {
    int x1 = from.x() + WIDTH;
    int y1 = from.y() + HEIGHT / 2;
    int x2 = to.x();
    int y2 = to.y() + HEIGHT / 2;
    int bend = (x2 - x1) / 2;
    String stroke = broken ? "#cc0000\" stroke-dasharray=\"6,4" : "#333333";
    StringBuilder arrow =
        new StringBuilder(
            String.format(
                "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"%s\" marker-end=\"url(#arrow)\"/>%n",
                x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2, stroke));
    if (!label.isEmpty()) {
      arrow.append(
          String.format(
              "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\" fill=\"%s\">%s</text>%n",
              (x1 + x2) / 2, (y1 + y2) / 2 - 4, broken ? "#cc0000" : "#333333", escape(label)));
    }
    return arrow.toString();
  }

  private static int firstSource(EventFlow flow, Service service, List<String> order) {
    return flow.deliveries().stream()
        .filter(d -> d.subscriber().equals(service.id()))
        .mapToInt(d -> order.indexOf(d.source()))
        .min()
        .orElse(order.size());
  }

  private static int max(int[] values) {
    int max = 0;
    for (int value : values) {
      max = Math.max(max, value);
    }
    return max;
  }

  private static String shorten(String label) {
    return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "…";
  }

  /** Text for XML content and attributes. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
